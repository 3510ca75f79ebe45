import Foundation
import SQL
import SQLShell
import Synchronization
import TestSupport

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
