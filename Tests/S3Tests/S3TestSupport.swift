import Foundation
import S3
import TestSupport

/// Clients, buckets and payloads for the tests against the local moto server.
enum S3Test {
    static let fastRetries = RetryPolicy(maxAttempts: 6, baseDelay: .milliseconds(10), maxDelay: .milliseconds(200),
                                         deadline: .seconds(30))

    /// A client for `server`, or for whatever listens at `endpoint` (a proxy in front of it).
    static func client(_ server: MotoServer, endpoint: String? = nil, secret: String? = nil,
                       retryPolicy: RetryPolicy = fastRetries) throws -> S3Client {
        var environment = server.environment
        if let endpoint { environment["AWS_ENDPOINT_URL"] = endpoint }
        if let secret { environment["AWS_SECRET_ACCESS_KEY"] = secret }
        let configuration = try S3Configuration.resolve(environment: environment) { _ in nil }
        return S3Client(configuration: configuration, retryPolicy: retryPolicy)
    }

    /// A new bucket with a name of its own.
    static func bucket(_ client: S3Client, _ purpose: String) async throws -> String {
        let name = "\(purpose)-\(UUID().uuidString.prefix(8).lowercased())"
        try await client.createBucket(name)
        return name
    }

    /// `count` bytes that differ from offset to offset, so a misplaced slice shows.
    static func payload(_ count: Int, seed: UInt64 = 1) -> [UInt8] {
        var state = seed &* 0x9E37_79B9_7F4A_7C15
        return (0..<count).map { _ in
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return UInt8(truncatingIfNeeded: state >> 56)
        }
    }
}

/// `Tests/S3Tests/fault_proxy.py` in front of a server: the first requests fail as `plan` says.
final class FaultProxy: @unchecked Sendable {
    let port: Int
    private let process: Process
    private let logPath: String

    var endpoint: String { "http://127.0.0.1:\(port)" }

    init(upstreamPort: Int, plan: [String]) throws {
        let script = PythonScript(path: TestPaths.repoRoot.appendingPathComponent("Tests/S3Tests/fault_proxy.py").path) {
            $0.contains("ok")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("fault-proxy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let info = folder.appendingPathComponent("proxy.json").path
        logPath = info + ".log"
        process = try script.start(["serve", info, String(upstreamPort), plan.joined(separator: ",")],
                                   log: folder.appendingPathComponent("stderr.log").path)
        let deadline = Date().addingTimeInterval(30)
        while !FileManager.default.fileExists(atPath: info) {
            guard process.isRunning, Date() < deadline else {
                throw MotoServer.Failure(description: "fault_proxy.py did not start within 30 s")
            }
            Thread.sleep(forTimeInterval: 0.05)
        }
        struct Info: Decodable { let port: Int }
        port = try JSONDecoder().decode(Info.self, from: Data(contentsOf: URL(fileURLWithPath: info))).port
    }

    /// One line per request seen: `action METHOD path HTTP/1.1`.
    var requests: [String] {
        ((try? String(contentsOfFile: logPath, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    deinit {
        if process.isRunning { process.terminate() }
    }
}
