/// One version in a table's history, from its commitInfo.
public struct DeltaHistoryEntry: Sendable, Equatable {
    public var version: Int64
    /// Milliseconds since the epoch.
    public var timestamp: Int64
    public var operation: String
    public var operationParameters: [String: String]
    public var operationMetrics: [String: String]
    public var engineInfo: String?
    /// Rows added / removed, from whichever metric the writing engine recorded.
    public var rowsAdded: Int64?
    public var rowsRemoved: Int64?
    public var filesAdded: Int
    public var filesRemoved: Int
}

extension DeltaLog {
    /// History newest first, as far back as JSON commits remain (older ones may
    /// have been cleaned up behind a checkpoint).
    func history(limit: Int?) throws(DeltaError) -> [DeltaHistoryEntry] {
        let listing = try list()
        var out: [DeltaHistoryEntry] = []
        for version in listing.commits.reversed() {
            if let limit, out.count >= limit { break }
            let actions = try readCommit(version)
            var info = DeltaCommitInfo(timestamp: nil, operation: nil, engineInfo: nil)
            var added = 0, removed = 0
            for action in actions {
                switch action {
                case let .commitInfo(c): info = c
                case .add: added += 1
                case .remove: removed += 1
                default: break
                }
            }
            out.append(DeltaHistoryEntry(
                version: version, timestamp: try commitTimestamp(version, actions: actions),
                operation: info.operation ?? "UNKNOWN", operationParameters: info.operationParameters,
                operationMetrics: info.operationMetrics, engineInfo: info.engineInfo,
                rowsAdded: info.rowsAdded, rowsRemoved: info.rowsRemoved,
                filesAdded: added, filesRemoved: removed
            ))
        }
        return out
    }
}
