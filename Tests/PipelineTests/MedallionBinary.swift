import Foundation

/// The `medallion` executable built next to the test bundle (or `MEDALLION_BINARY`, e.g.
/// a release build, to check that no input traps with optimisations on), and a way to run it.
enum MedallionBinary {
    static let path: String? = {
        if let given = ProcessInfo.processInfo.environment["MEDALLION_BINARY"], !given.isEmpty { return given }
        let directory = URL(fileURLWithPath: CommandLine.arguments.first ?? "").deletingLastPathComponent()
        let candidates = [directory, directory.deletingLastPathComponent()].map { $0.appendingPathComponent("medallion").path }
        return candidates.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// `environment` entries are added to this process's environment for the child.
    static func run(_ binary: String, _ arguments: [String], environment: [String: String] = [:]) throws -> Result {
        let process = Process()
        if !environment.isEmpty {
            process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        }
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("medallion-out-" + UUID().uuidString).path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // Files, not pipes: a chatty child can never block on a full pipe.
        FileManager.default.createFile(atPath: directory + "/out", contents: nil)
        FileManager.default.createFile(atPath: directory + "/err", contents: nil)
        process.standardOutput = FileHandle(forWritingAtPath: directory + "/out")
        process.standardError = FileHandle(forWritingAtPath: directory + "/err")
        try process.run()
        process.waitUntilExit()
        let out = (try? String(contentsOfFile: directory + "/out", encoding: .utf8)) ?? ""
        let err = String(decoding: (try? Data(contentsOf: URL(fileURLWithPath: directory + "/err"))) ?? Data(), as: UTF8.self)
        return Result(status: process.terminationStatus, stdout: out, stderr: err)
    }
}
