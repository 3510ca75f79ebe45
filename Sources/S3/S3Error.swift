/// A request S3 refused or that never got an answer, naming the operation, bucket and key.
public struct S3Error: Error, CustomStringConvertible, Sendable {
    public enum Reason: Sendable, Equatable {
        /// S3 answered with this status and, when it sent an `<Error>` body, its code and message.
        case service(status: Int, code: String?, message: String?, requestID: String?)
        /// No answer: the connection failed, was reset or timed out.
        case transport(String)
        /// An answer that is not what the operation expects (bad XML, missing header).
        case malformedResponse(String)
        /// The caller asked for something S3 cannot do (too many parts, a finished upload).
        case invalidRequest(String)
    }

    public var operation: String
    public var bucket: String
    public var key: String?
    public var reason: Reason
    /// How many times the request was sent.
    public var attempts: Int

    public init(operation: String, bucket: String, key: String?, reason: Reason, attempts: Int) {
        self.operation = operation
        self.bucket = bucket
        self.key = key
        self.reason = reason
        self.attempts = attempts
    }

    public var status: Int? {
        if case .service(let status, _, _, _) = reason { return status }
        return nil
    }

    public var code: String? {
        if case .service(_, let code, _, _) = reason { return code }
        return nil
    }

    public var description: String {
        let target = "s3://\(bucket)/\(key ?? "")"
        let tries = attempts > 1 ? " after \(attempts) attempts" : ""
        switch reason {
        case .service(let status, let code, let message, let requestID):
            let what = [code, message].compactMap { $0 }.filter { !$0.isEmpty }.joined(separator: ": ")
            let request = requestID.map { ", request id \($0)" } ?? ""
            return "S3 \(operation) \(target) failed\(tries): HTTP \(status)\(what.isEmpty ? "" : " \(what)")\(request)"
        case .transport(let detail):
            return "S3 \(operation) \(target) failed\(tries): no answer from the server (\(detail))"
        case .malformedResponse(let detail):
            return "S3 \(operation) \(target): unexpected response (\(detail))"
        case .invalidRequest(let detail):
            return "S3 \(operation) \(target): \(detail)"
        }
    }
}
