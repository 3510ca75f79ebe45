import Columns

public enum JoinType: Sendable, Hashable {
    /// Probe rows with at least one match, once per matching build row.
    case inner
    /// Like inner, plus each unmatched probe row once with NULL build columns.
    case leftOuter
}

/// What probing one batch produced. `unmatched` holds the probe rows (probe schema)
/// that found no build row — e.g. to quarantine as 'unknown_product' — for both join types.
public struct JoinOutput: Sendable {
    public var joined: RecordBatch
    public var unmatched: RecordBatch

    public init(joined: RecordBatch, unmatched: RecordBatch) {
        self.joined = joined
        self.unmatched = unmatched
    }
}
