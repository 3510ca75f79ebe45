import Foundation
import Hummingbird
import HummingbirdTesting
import LakeFixtures
import Server

/// A `LakeServer` over a lake, driven through HummingbirdTesting, and the small
/// helpers the suites share to send SQL and read JSON answers.
enum ServerHarness {
    static func configuration(lake: String, token: String? = nil, limits: ServeLimits = ServeLimits(maxConcurrentQueries: 2),
                              refresh: Duration = .seconds(1)) -> ServeConfiguration {
        ServeConfiguration(lake: lake, token: token, limits: limits, workers: 2, memoryLimit: 256 << 20, refreshInterval: refresh)
    }

    static func sampleLake() async throws -> String { try await SampleLake.shared.path() }

    /// Runs `body` against a server made from `configuration` (in-process, no socket for
    /// `.router`; a live server on an ephemeral 127.0.0.1 port for `.live`).
    static func with<T: Sendable>(_ configuration: ServeConfiguration, dashboard: DashboardRenderer? = nil,
                                  _ setup: TestingSetup = .router,
                                  _ body: @Sendable (any TestClientProtocol) async throws -> T) async throws -> T {
        let server = try LakeServer(configuration, dashboard: dashboard)
        defer { server.shutDown() }
        return try await server.application().test(setup, body)
    }

    static func sql(_ client: any TestClientProtocol, _ sql: String, token: String? = nil) async throws -> TestResponse {
        let body = try JSONSerialization.data(withJSONObject: ["sql": sql])
        var headers: HTTPFields = [.contentType: "application/json"]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.executeRequest(uri: "/api/sql", method: .post, headers: headers, body: ByteBuffer(bytes: body))
    }
}

extension ServerHarness {
    /// `POST /api/ask` with `{"question", "context"?}` (`context` as the previous answer gave it).
    static func ask(_ client: any TestClientProtocol, _ question: String, context: Any? = nil,
                    token: String? = nil) async throws -> TestResponse {
        var object: [String: Any] = ["question": question]
        if let context { object["context"] = context }
        let body = try JSONSerialization.data(withJSONObject: object)
        return try await post(client, "/api/ask", body: Array(body), token: token)
    }

    static func post(_ client: any TestClientProtocol, _ uri: String, body: [UInt8], contentType: String = "application/json",
                     token: String? = nil) async throws -> TestResponse {
        var headers: HTTPFields = [.contentType: contentType]
        if let token { headers[.authorization] = "Bearer \(token)" }
        return try await client.executeRequest(uri: uri, method: .post, headers: headers, body: ByteBuffer(bytes: body))
    }
}

extension TestResponse {
    var text: String { String(buffer: body) }

    /// The body as a JSON object (numbers as NSNumber: use `text` to check exact digits).
    var object: [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(body.readableBytesView)) as? [String: Any]) ?? [:]
    }

    /// `error.code` of a JSON error body.
    var errorCode: String? { (object["error"] as? [String: Any])?["code"] as? String }
    var errorMessage: String? { (object["error"] as? [String: Any])?["message"] as? String }
}

/// Tests that must not overlap: a headless browser takes the cores a timing bound needs
/// (the timeout test's "cancelled within 20 s" fails on 2 cores with Chromium beside it).
actor Exclusive {
    static let cores = Exclusive()
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    func run<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        if busy { await withCheckedContinuation { waiting.append($0) } }
        busy = true
        defer {
            if waiting.isEmpty { busy = false } else { waiting.removeFirst().resume() }
        }
        return try await body()
    }
}
