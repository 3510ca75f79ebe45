#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

/// Small number formatting without Foundation.
public enum Format {
    public static func decimal(_ v: Double, _ places: Int) -> String {
        guard v.isFinite else { return "-" }
        var scale = 1.0
        for _ in 0 ..< places { scale *= 10 }
        let r = (v * scale).rounded() / scale
        var s = String(r)
        if let dot = s.firstIndex(of: ".") {
            let decimals = s.distance(from: dot, to: s.endIndex) - 1
            if decimals < places { s += String(repeating: "0", count: places - decimals) }
            if places == 0 { s = String(s[..<dot]) }
        } else if places > 0 {
            s += "." + String(repeating: "0", count: places)
        }
        return s
    }

    /// 1234567 → "1.23M".
    public static func count(_ v: Double) -> String {
        switch v {
        case 1e9...: decimal(v / 1e9, 2) + "G"
        case 1e6...: decimal(v / 1e6, 2) + "M"
        case 1e3...: decimal(v / 1e3, 1) + "k"
        default: decimal(v, 0)
        }
    }

    public static func bytes(_ v: Int) -> String {
        let d = Double(v)
        switch d {
        case 1e9...: return decimal(d / 1e9, 2) + " GB"
        case 1e6...: return decimal(d / 1e6, 1) + " MB"
        case 1e3...: return decimal(d / 1e3, 1) + " kB"
        default: return "\(v) B"
        }
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
