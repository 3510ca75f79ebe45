import Workers

/// What one server allows a request: rows, time, body size, queries at once.
public struct ServeLimits: Sendable {
    /// Rows `/api/sql` returns at most; past them the answer says `"truncated": true`.
    public var maxRows: Int
    /// A query running longer is cancelled and answered 504.
    public var queryTimeout: Duration
    /// Request bodies larger than this are refused with 413.
    public var maxBodyBytes: Int
    /// Queries running at once; more wait in order, up to `maxQueuedQueries`.
    public var maxConcurrentQueries: Int
    /// Queries waiting for a slot; past them a request is answered 503 with Retry-After.
    public var maxQueuedQueries: Int

    public init(maxRows: Int = 10_000, queryTimeout: Duration = .seconds(30), maxBodyBytes: Int = 64 * 1024,
                maxConcurrentQueries: Int = WorkerCount.active, maxQueuedQueries: Int = 256) {
        self.maxRows = max(0, maxRows)
        self.queryTimeout = queryTimeout
        self.maxBodyBytes = max(1, maxBodyBytes)
        self.maxConcurrentQueries = max(1, maxConcurrentQueries)
        self.maxQueuedQueries = max(0, maxQueuedQueries)
    }

    /// The most rows one answer may be allowed (a JSON body of that many rows is already gigabytes).
    public static let rowCeiling = 100_000_000

    /// `30 s`, `1.5 s`, `250 ms`, as messages print a duration.
    static func describe(_ duration: Duration) -> String {
        let ms = duration.components.seconds * 1000 + duration.components.attoseconds / 1_000_000_000_000_000
        if ms % 1000 == 0 { return "\(ms / 1000) s" }
        return ms < 1000 ? "\(ms) ms" : "\(Double(ms) / 1000) s"
    }
}
