import Foundation

/// A local S3 server (moto, `Tests/TestSupport/moto_server.py`) for the S3 and object-storage
/// tests: started once per test process on a free 127.0.0.1 port, with request signing
/// checked against an IAM user it creates, and gone when the test process ends (the server
/// watches its parent). Needs `moto[server]` in the interop venv (`scripts/python-env.sh`).
// The Process is only asked whether it runs and told to stop, which it allows from any thread.
public final class MotoServer: @unchecked Sendable {
    public let port: Int
    public let accessKeyID: String
    public let secretAccessKey: String
    private let process: Process

    /// `http://127.0.0.1:port`, the value for AWS_ENDPOINT_URL.
    public var endpoint: String { "http://127.0.0.1:\(port)" }

    /// The environment an S3 client resolves this server from.
    public var environment: [String: String] {
        ["AWS_ACCESS_KEY_ID": accessKeyID, "AWS_SECRET_ACCESS_KEY": secretAccessKey,
         "AWS_ENDPOINT_URL": endpoint, "AWS_REGION": "us-east-1", "HOME": NSTemporaryDirectory()]
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    /// The process's server with authentication on, started on first use.
    public static func shared() throws -> MotoServer {
        try sharedServer.get()
    }

    private static let sharedServer = Result { try MotoServer(authenticate: true) }

    /// Starts a server of its own (the shared one is usually enough); it stops with `stop()` or the process.
    public init(authenticate: Bool = true) throws {
        let script = PythonScript(path: TestPaths.repoRoot.appendingPathComponent("Tests/TestSupport/moto_server.py").path) {
            $0.contains("ok")
        }
        guard script.isAvailable else {
            throw Failure(description: "no Python with moto[server] and boto3: run scripts/python-env.sh "
                + "(it installs moto[server] into .venv-interop) or point MEDALLION_PYTHON at such an interpreter")
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("moto-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let info = folder.appendingPathComponent("server.json").path
        let log = folder.appendingPathComponent("server.log").path
        let process = try script.start(["serve", info] + (authenticate ? [] : ["noauth"]), log: log)
        let deadline = Date().addingTimeInterval(90)
        while !FileManager.default.fileExists(atPath: info) {
            guard process.isRunning, Date() < deadline else {
                if process.isRunning { process.terminate() }
                let output = (try? String(contentsOfFile: log, encoding: .utf8)) ?? ""
                throw Failure(description: "moto did not start within 90 s: \(output.suffix(2_000))")
            }
            Thread.sleep(forTimeInterval: 0.1)
        }
        struct Info: Decodable {
            let port: Int
            let access_key_id: String
            let secret_access_key: String
        }
        let decoded = try JSONDecoder().decode(Info.self, from: Data(contentsOf: URL(fileURLWithPath: info)))
        self.port = decoded.port
        self.accessKeyID = decoded.access_key_id
        self.secretAccessKey = decoded.secret_access_key
        self.process = process
    }

    /// Stops the server now.
    public func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}
