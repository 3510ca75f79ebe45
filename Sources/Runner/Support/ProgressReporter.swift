#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Workers

/// Prints a live progress line for a stage on a terminal (stderr), redrawn in place:
/// tasks done/total, rows/s, MB/s and an ETA from bytes read against bytes expected.
/// Does nothing when stderr is not a TTY, so logs and CI output stay clean.
public final class ProgressReporter: Sendable {
    private let task: Task<Void, Never>?

    public init(metrics: StageMetrics, interval: Duration = .milliseconds(250), enabled: Bool = isatty(2) == 1) {
        guard enabled else { task = nil; return }
        task = Task.detached {
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                if Task.isCancelled { break }
                ProgressReporter.draw(metrics.snapshot)
            }
        }
    }

    /// Stops redrawing and clears the line.
    public func stop() {
        guard let task else { return }
        task.cancel()
        writeStandardError("\r\u{1B}[K")
    }

    static func draw(_ s: StageSnapshot) {
        writeStandardError("\r\u{1B}[K" + line(s))
    }

    public static func line(_ s: StageSnapshot) -> String {
        let secs = max(s.seconds, 1e-9)
        var parts = ["[\(s.name)]", "\(s.tasksDone)/\(s.tasksTotal) tasks",
                     "\(Format.count(Double(s.rowsOut) / secs)) rows/s",
                     "\(Format.decimal(Double(s.bytesIn) / secs / 1e6, 1)) MB/s"]
        if s.bytesExpected > 0, s.bytesIn > 0 {
            let remaining = Double(max(0, s.bytesExpected - s.bytesIn)) / (Double(s.bytesIn) / secs)
            parts.append("ETA \(Format.decimal(remaining, 1))s")
        }
        return parts.joined(separator: "  ")
    }
}

/// Writes text to file descriptor 2 directly (no shared C `FILE` state).
public func writeStandardError(_ text: String) {
    var bytes = Array(text.utf8)
    var written = 0
    while written < bytes.count {
        let n = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress.map { $0 + written }, $0.count - written) }
        if n <= 0 { break }
        written += n
    }
}
