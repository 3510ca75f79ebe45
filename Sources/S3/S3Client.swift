import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// Sends signed S3 requests with retries: one request in, one checked response out.
/// The operations (`S3Client+Objects.swift`, `S3Client+Multipart.swift`) build on `send`.
public final class S3Client: Sendable {
    public let configuration: S3Configuration
    public let retryPolicy: RetryPolicy
    public let counters: S3Counters
    let signer: SigV4Signer
    let http: HTTPClient
    /// The longest one request may take before it is abandoned (and retried).
    let requestTimeout: TimeAmount

    public init(configuration: S3Configuration, retryPolicy: RetryPolicy = RetryPolicy(),
                counters: S3Counters = S3Counters(), http: HTTPClient? = nil, requestTimeout: Duration = .seconds(300)) {
        self.configuration = configuration
        self.retryPolicy = retryPolicy
        self.counters = counters
        self.signer = SigV4Signer(credentials: configuration.credentials, region: configuration.region)
        self.http = http ?? S3HTTP.shared
        self.requestTimeout = .nanoseconds(Int64(requestTimeout.components.seconds) * 1_000_000_000)
    }

    /// One request as an operation describes it.
    struct Request: Sendable {
        var operation: String
        var method: HTTPMethod
        var bucket: String
        var key: String?
        var query: [(name: String, value: String)] = []
        var headers: [(name: String, value: String)] = []
        var body: [UInt8] = []
    }

    /// A 2xx answer.
    struct Response: Sendable {
        var status: Int
        var headers: HTTPHeaders
        var body: [UInt8]
        /// How many times the request was sent before this answer.
        var attempts: Int
    }

    /// Sends `request` until it gets a 2xx, a final error, or the retry policy runs out.
    /// A non-2xx answer throws `S3Error` with S3's code; the caller decides what a 404 or 412 means.
    func send(_ request: Request) async throws -> Response {
        let started = ContinuousClock.now
        let payloadHash = request.body.isEmpty ? Hex.emptySHA256 : Hex.sha256(request.body)
        var attempt = 0
        while true {
            attempt += 1
            let failure: S3Error
            switch try await attemptOnce(request, payloadHash: payloadHash, attempt: attempt) {
            case .answered(let response):
                return response
            case .retryable(let error):
                failure = error
            }
            let wait = retryPolicy.delay(beforeRetry: attempt, random: Double.random(in: 0..<1))
            guard attempt < retryPolicy.maxAttempts, started.duration(to: .now) + wait < retryPolicy.deadline else {
                throw failure
            }
            counters.record(.retry)
            try await Task.sleep(for: wait)
        }
    }

    private enum Attempt {
        case answered(Response)
        case retryable(S3Error)
    }

    /// One send: a 2xx answer, a failure worth retrying, or a thrown final failure.
    private func attemptOnce(_ request: Request, payloadHash: String, attempt: Int) async throws -> Attempt {
        let response: Response
        do {
            response = try await sendOnce(request, payloadHash: payloadHash)
        } catch {
            if error is CancellationError || Task.isCancelled { throw CancellationError() }
            let failure = S3Error(operation: request.operation, bucket: request.bucket, key: request.key,
                                  reason: .transport(String(describing: error)), attempts: attempt)
            guard TransportErrors.isRetryable(error) else { throw failure }
            return .retryable(failure)
        }
        if (200..<300).contains(response.status) {
            if request.method == .PUT, request.key != nil { counters.record(.written(bytes: request.body.count)) }
            return .answered(Response(status: response.status, headers: response.headers, body: response.body, attempts: attempt))
        }
        let body = S3ErrorBody(xml: response.body)
        let code = body?.code ?? Self.codeForBodylessStatus(response.status)
        let requestID = body?.requestID ?? response.headers.first(name: "x-amz-request-id")
        let failure = S3Error(operation: request.operation, bucket: request.bucket, key: request.key,
                              reason: .service(status: response.status, code: code, message: body?.message, requestID: requestID),
                              attempts: attempt)
        guard RetryPolicy.isRetryable(status: response.status, code: code) else { throw failure }
        return .retryable(failure)
    }

    private func sendOnce(_ request: Request, payloadHash: String) async throws -> Response {
        let address = configuration.endpoint.address(bucket: request.bucket, key: request.key)
        var headers = request.headers
        headers.append(("host", address.hostHeader))
        let toSign = SigV4Signer.Request(method: request.method.rawValue, encodedPath: address.encodedPath,
                                         query: request.query, headers: headers, payloadHash: payloadHash)
        let signed = signer.sign(toSign, at: Date())
        var query = request.query
            .map { $0.value.isEmpty ? URIEncoding.encode($0.name) : "\(URIEncoding.encode($0.name))=\(URIEncoding.encode($0.value))" }
            .joined(separator: "&")
        if !query.isEmpty { query = "?" + query }

        var http = HTTPClientRequest(url: address.url + query)
        http.method = request.method
        for header in request.headers + signed { http.headers.add(name: header.name, value: header.value) }
        if !request.body.isEmpty || request.method == .PUT || request.method == .POST {
            http.body = .bytes(ByteBuffer(bytes: request.body))
        }
        counters.record(.request)
        let response = try await self.http.execute(http, timeout: requestTimeout)
        let collected = try await response.body.collect(upTo: Int.max)
        let body = Array(buffer: collected)
        if request.method == .GET, request.key != nil, (200..<300).contains(Int(response.status.code)) { counters.record(.read(bytes: body.count)) }
        return Response(status: Int(response.status.code), headers: response.headers, body: body, attempts: 1)
    }

    /// HEAD answers carry no body, so their errors have no code; name the common ones.
    private static func codeForBodylessStatus(_ status: Int) -> String? {
        switch status {
        case 403: "Forbidden"
        case 404: "NotFound"
        case 412: "PreconditionFailed"
        default: nil
        }
    }
}
