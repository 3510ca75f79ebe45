import Foundation
import Pipeline
import SQL
import SQLShell
import Synchronization
import TestSupport

/// The lake one pipeline run makes of the sample data, built once per test process for
/// the shell's suites and removed when the process ends.
actor ShellLake {
    static let shared = ShellLake()
    private var built: Task<String, any Error>?

    func path() async throws -> String {
        if let built { return try await built.value }
        let task = Task {
            let root = FileManager.default.temporaryDirectory.path + "/medallion-shell-sample-" + String(getpid())
            try? FileManager.default.removeItem(atPath: root)
            atexit { try? FileManager.default.removeItem(atPath: FileManager.default.temporaryDirectory.path + "/medallion-shell-sample-" + String(getpid())) }
            let lake = root + "/lake"
            _ = try await PipelineRun.run(RunOptions(source: TestPaths.sportsBarData, lake: lake, workers: 2))
            return lake
        }
        built = task
        return try await task.value
    }
}

/// What a session wrote, kept apart by stream; results rendered as "mode: rows".
final class RecordedOutput: Sendable {
    private let lines = Mutex<(standard: String, error: String)>(("", ""))

    var standard: String { lines.withLock { $0.standard } }
    var error: String { lines.withLock { $0.error } }

    var output: ShellOutput {
        ShellOutput(standard: { text in self.lines.withLock { $0.standard += text } },
                    error: { text in self.lines.withLock { $0.error += text } })
    }

    /// A stand-in for the CLI's renderer: the mode, then the rows as CSV.
    static let render: @Sendable (SQLResult, ShellMode) -> String = { result, mode in
        "[\(mode.rawValue)] " + result.rows().map { $0.map { $0 ?? "NULL" }.joined(separator: ",") }.joined(separator: " | ") + "\n"
    }
}
