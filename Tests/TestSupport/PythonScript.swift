import Foundation

/// A Python script that an interop test drives (pyarrow, deltalake, duckdb), and the
/// interpreter that can run it: MEDALLION_PYTHON (scripts/test.sh sets it), else the
/// repo's `.venv-interop` or `perf/.venv`, else python3 — the first whose `check`
/// output `accepts`.
public struct PythonScript: Sendable {
    public let path: String
    /// The interpreter command (program and leading arguments), nil when none qualifies.
    public let interpreter: [String]?
    /// What `check` printed with that interpreter.
    public let checkOutput: String

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
        public init(description: String) { self.description = description }
    }

    public init(path: String, accepts: (String) -> Bool) {
        self.path = path
        var candidates: [[String]] = []
        if let env = ProcessInfo.processInfo.environment["MEDALLION_PYTHON"], !env.isEmpty {
            candidates.append(env.split(separator: " ").map(String.init))
        }
        for venv in [".venv-interop", "perf/.venv"] {
            candidates.append([TestPaths.repoRoot.appendingPathComponent(venv + "/bin/python").path])
        }
        candidates.append(["/usr/bin/env", "python3"])
        for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate[0]) {
            if let out = try? Self.run(candidate, path, ["check"]), accepts(out) {
                interpreter = candidate
                checkOutput = out
                return
            }
        }
        interpreter = nil
        checkOutput = ""
    }

    public var isAvailable: Bool { interpreter != nil }

    /// Runs `script arguments…` and returns stdout; a non-zero exit throws with stderr.
    public func run(_ arguments: [String]) throws -> String {
        guard let interpreter else { throw Failure(description: "no suitable Python for \(path)") }
        return try Self.run(interpreter, path, arguments)
    }

    /// Starts `script arguments…` without waiting; stdout is dropped, stderr goes to `log`.
    public func start(_ arguments: [String], log: String) throws -> Process {
        guard let interpreter, let executable = interpreter.first else {
            throw Failure(description: "no suitable Python for \(path)")
        }
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Array(interpreter.dropFirst()) + [path] + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle(forWritingAtPath: log)
        try process.run()
        return process
    }

    private static func run(_ command: [String], _ script: String, _ arguments: [String]) throws -> String {
        guard let executable = command.first else { throw Failure(description: "empty interpreter") }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Array(command.dropFirst()) + [script] + arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        // Drain stderr concurrently so a chatty child cannot block on a full pipe.
        let stderr = DrainedPipe(err)
        let stdout = out.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            let name = (script as NSString).lastPathComponent
            throw Failure(description: "\(name) \(arguments.joined(separator: " ")) failed: "
                + String(decoding: stderr.wait(), as: UTF8.self))
        }
        return String(decoding: stdout, as: UTF8.self)
    }
}

/// Reads a pipe to its end on a thread of its own.
private final class DrainedPipe: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private var data = Data()

    init(_ pipe: Pipe) {
        Thread { [self] in
            data = pipe.fileHandleForReading.readDataToEndOfFile()
            done.signal()
        }.start()
    }

    func wait() -> Data {
        done.wait()
        return data
    }
}
