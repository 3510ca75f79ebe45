import Foundation

/// One line of the watcher's log: a run attempt and how it ended, as one JSON object per
/// line (start and end in ISO 8601 UTC), so `jq` and log shippers read it as is.
public struct WatchEvent: Codable, Equatable, Sendable {
    public enum Outcome: String, Codable, Sendable {
        /// The batch was committed.
        case committed
        /// The run found nothing new (the files seen were already ingested).
        case nothingNew = "nothing-new"
        /// The run failed; `error` says why. Retried while attempts are left.
        case failed
        /// Another run holds the lake lock; retried like a failure.
        case locked
        /// Stopped by SIGTERM/SIGINT before it committed; the lake is as it was.
        case abandoned
    }

    /// 1 for the watcher's first run, counting runs, not retries.
    public var run: Int
    /// 1 for a run's first attempt, 2 for its first retry, …
    public var attempt: Int
    public var start: String
    public var end: String
    public var seconds: Double
    public var outcome: Outcome
    /// Source files new or changed since the previous run (as the watcher saw them).
    public var files: Int
    /// Source rows the run read (0 unless it committed).
    public var rows: Int
    /// The lake's batch id after the run (committed runs).
    public var batch: Int64?
    public var error: String?

    public var jsonLine: String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let data = (try? encoder.encode(self)) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func timestamp(_ date: Date) -> String {
        let format = ISO8601DateFormatter()
        format.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return format.string(from: date)
    }
}
