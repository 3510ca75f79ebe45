import Columns

/// What dedup produced: the rows kept (one per key) and every other row
/// (to be quarantined with reason 'duplicate').
public struct DedupResult: Sendable {
    public var kept: [RecordBatch] = []
    public var duplicates: [RecordBatch] = []

    public init(kept: [RecordBatch] = [], duplicates: [RecordBatch] = []) {
        self.kept = kept
        self.duplicates = duplicates
    }

    public var keptRows: Int { kept.reduce(0) { $0 + $1.rowCount } }
    public var duplicateRows: Int { duplicates.reduce(0) { $0 + $1.rowCount } }

    mutating func append(_ other: DedupResult) {
        kept += other.kept
        duplicates += other.duplicates
    }
}
