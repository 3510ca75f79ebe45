import Crypto
import Foundation

/// AWS Signature Version 4 for S3 requests sent with an `Authorization` header
/// (canonical request → string to sign → HMAC-SHA256 chain over date, region, service).
public struct SigV4Signer: Sendable {
    public let credentials: AWSCredentials
    public let region: String
    public let service: String

    public init(credentials: AWSCredentials, region: String, service: String = "s3") {
        self.credentials = credentials
        self.region = region
        self.service = service
    }

    /// What one request looks like to the signer.
    public struct Request: Sendable {
        public var method: String
        /// The path exactly as sent: each key segment already URI-encoded, `/` kept.
        public var encodedPath: String
        /// Query parameters, not encoded; a flag such as `uploads` has an empty value.
        public var query: [(name: String, value: String)]
        /// Headers to sign, `host` among them.
        public var headers: [(name: String, value: String)]
        /// Hex SHA-256 of the body, or `UNSIGNED-PAYLOAD`.
        public var payloadHash: String

        public init(method: String, encodedPath: String, query: [(name: String, value: String)] = [],
                    headers: [(name: String, value: String)], payloadHash: String) {
            self.method = method
            self.encodedPath = encodedPath
            self.query = query
            self.headers = headers
            self.payloadHash = payloadHash
        }
    }

    /// The headers to add to the request: `x-amz-date`, `x-amz-content-sha256`,
    /// `x-amz-security-token` for temporary credentials, and `Authorization`.
    public func sign(_ request: Request, at date: Date) -> [(name: String, value: String)] {
        let stamp = AmzDate(date)
        var added: [(name: String, value: String)] = [
            ("x-amz-date", stamp.dateTime),
            ("x-amz-content-sha256", request.payloadHash),
        ]
        if let token = credentials.sessionToken { added.append(("x-amz-security-token", token)) }
        var signed = request
        signed.headers += added
        let canonical = canonicalRequest(signed)
        let signature = self.signature(stringToSign: stringToSign(canonicalRequest: canonical.text, stamp: stamp), date: stamp.date)
        let authorization = "AWS4-HMAC-SHA256 Credential=\(credentials.accessKeyID)/\(scope(stamp.date)),"
            + "SignedHeaders=\(canonical.signedHeaders),Signature=\(signature)"
        return added + [("Authorization", authorization)]
    }

    // MARK: The steps, visible to the tests that check them against AWS's published examples.

    /// The canonical request and its `SignedHeaders` list.
    func canonicalRequest(_ request: Request) -> (text: String, signedHeaders: String) {
        let encoded: [(name: String, value: String)] = request.query.map {
            (URIEncoding.encode($0.name), URIEncoding.encode($0.value))
        }
        let sorted = encoded.sorted { (a: (name: String, value: String), b: (name: String, value: String)) -> Bool in
            a.name == b.name ? a.value < b.value : a.name < b.name
        }
        let query = sorted.map { "\($0.name)=\($0.value)" }.joined(separator: "&")
        // Lower-case names, trimmed values with inner runs of spaces collapsed; repeated names joined by commas.
        var byName: [String: [String]] = [:]
        for header in request.headers {
            byName[header.name.lowercased(), default: []].append(Self.canonicalValue(header.value))
        }
        let names = byName.keys.sorted()
        let headerLines = names.map { "\($0):\(byName[$0, default: []].joined(separator: ","))\n" }.joined()
        let signedHeaders = names.joined(separator: ";")
        let path = request.encodedPath.isEmpty ? "/" : request.encodedPath
        let text = [request.method, path, query, headerLines, signedHeaders, request.payloadHash].joined(separator: "\n")
        return (text, signedHeaders)
    }

    func stringToSign(canonicalRequest: String, stamp: AmzDate) -> String {
        ["AWS4-HMAC-SHA256", stamp.dateTime, scope(stamp.date), Hex.sha256(Array(canonicalRequest.utf8))]
            .joined(separator: "\n")
    }

    func signature(stringToSign: String, date: String) -> String {
        Hex.string(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: signingKey(date: date)))
    }

    /// HMAC chain: "AWS4" + secret → date → region → service → "aws4_request".
    func signingKey(date: String) -> SymmetricKey {
        var key = SymmetricKey(data: Array(("AWS4" + credentials.secretAccessKey).utf8))
        for part in [date, region, service, "aws4_request"] {
            key = SymmetricKey(data: Array(HMAC<SHA256>.authenticationCode(for: Array(part.utf8), using: key)))
        }
        return key
    }

    private func scope(_ date: String) -> String { "\(date)/\(region)/\(service)/aws4_request" }

    private static func canonicalValue(_ value: String) -> String {
        value.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
            .trimmingCharacters(in: .whitespaces)
    }
}

/// The request time as SigV4 spells it: `20130524T000000Z` and its date `20130524` (UTC).
struct AmzDate: Sendable {
    let dateTime: String
    let date: String

    init(_ date: Date) {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        func two(_ value: Int32) -> String { value < 10 ? "0\(value)" : "\(value)" }
        let day = "\(parts.tm_year + 1900)\(two(parts.tm_mon + 1))\(two(parts.tm_mday))"
        self.date = day
        self.dateTime = "\(day)T\(two(parts.tm_hour))\(two(parts.tm_min))\(two(parts.tm_sec))Z"
    }
}
