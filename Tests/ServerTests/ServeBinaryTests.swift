import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Testing

/// `medallion serve` as a user runs it: the refusal to bind elsewhere without a token,
/// the printed URL, a real HTTP client over the socket, and SIGTERM ending it with 0.
@Suite struct ServeBinaryTests {
    /// The `medallion` executable built next to the test bundle (or `MEDALLION_BINARY`).
    static let binary: String? = {
        if let given = ProcessInfo.processInfo.environment["MEDALLION_BINARY"], !given.isEmpty { return given }
        let directory = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        return [directory, directory.deletingLastPathComponent()].map { $0.appendingPathComponent("medallion").path }
            .first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    static func requireBinary() throws -> String {
        try #require(binary, "the medallion executable is not next to the test bundle: build it (swift build --build-tests) or set MEDALLION_BINARY")
    }

    @Test func anotherHostWithoutATokenExitsWithUsage() async throws {
        let lake = try await ServerHarness.sampleLake()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Self.requireBinary())
        process.arguments = ["serve", "--lake", lake, "--host", "0.0.0.0", "--port", "0"]
        var environment = ProcessInfo.processInfo.environment
        environment["MEDALLION_SERVE_TOKEN"] = nil
        process.environment = environment
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
        #expect(stderr.contains("--token") && stderr.contains("0.0.0.0"), "\(stderr)")
    }

    @Test func servesOverASocketWithTheTokenFromTheEnvironmentAndStopsOnSIGTERM() async throws {
        let lake = try await ServerHarness.sampleLake()
        let token = "serve-binary-test-token-0123456789"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try Self.requireBinary())
        process.arguments = ["serve", "--lake", lake, "--port", "0", "--workers", "2"]
        var environment = ProcessInfo.processInfo.environment
        environment["MEDALLION_SERVE_TOKEN"] = token
        process.environment = environment
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { if process.isRunning { process.terminate() } }

        // The first line names the URL with the bound port.
        let line = try Self.firstLine(output.fileHandleForReading)
        let match = try #require(line.firstMatch(of: /http:\/\/127\.0\.0\.1:(\d+)\//), "\(line)")
        let base = "http://127.0.0.1:\(match.1)"
        #expect(line.contains("Bearer"), "\(line)")

        var request = URLRequest(url: try #require(URL(string: base + "/api/sql")))
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(#"{"sql": "SELECT count(*) AS n FROM silver.orders"}"#.utf8)
        let (refusedBody, refused) = try await URLSession.shared.data(for: request)
        #expect((refused as? HTTPURLResponse)?.statusCode == 401, "\(String(decoding: refusedBody, as: UTF8.self))")

        request.setValue("Bearer " + token, forHTTPHeaderField: "Authorization")
        let (body, response) = try await URLSession.shared.data(for: request)
        let text = String(decoding: body, as: UTF8.self)
        #expect((response as? HTTPURLResponse)?.statusCode == 200, "\(text)")
        #expect(text.contains(#""rows":[[48645]]"#), "\(text)")

        process.terminate()  // SIGTERM
        process.waitUntilExit()
        #expect(process.terminationReason == .exit)
        #expect(process.terminationStatus == 0)
    }

    /// Reads until the first line break (at most 60 s: a server that never starts fails the test).
    static func firstLine(_ handle: FileHandle) throws -> String {
        var data = Data()
        let deadline = Date().addingTimeInterval(60)
        while !data.contains(0x0A) {
            guard Date() < deadline else { break }
            let chunk = handle.availableData
            if chunk.isEmpty { break }
            data.append(chunk)
        }
        let line = String(decoding: data, as: UTF8.self)
        guard line.contains("\n") else { throw ServeFailure(description: "serve printed no URL line: '\(line)'") }
        return line
    }

    struct ServeFailure: Error, CustomStringConvertible { var description: String }
}
