import Columns

/// Keeps the rows of a batch selected by a predicate that computes a Bool mask
/// over the whole batch (column-at-a-time, not row-at-a-time).
///
/// Stateless and Sendable: one instance can serve many tasks.
public struct FilterOperator: Sendable {
    public let predicate: @Sendable (RecordBatch) throws -> ContiguousArray<Bool>

    public init(predicate: @escaping @Sendable (RecordBatch) throws -> ContiguousArray<Bool>) {
        self.predicate = predicate
    }

    public func apply(_ batch: RecordBatch) throws -> RecordBatch {
        try Self.filter(batch, mask: predicate(batch))
    }

    /// The rows of `batch` whose mask entry is true (mask length must equal the row count).
    public static func filter(_ batch: RecordBatch, mask: some Collection<Bool>) throws(OperatorError) -> RecordBatch {
        try batch.filter(mask)
    }

    /// Splits `batch` into the rows where the mask is true and those where it is false,
    /// e.g. valid rows and rows to quarantine.
    public static func split(_ batch: RecordBatch, mask: some Collection<Bool>) throws(OperatorError) -> (selected: RecordBatch, rejected: RecordBatch) {
        guard mask.count == batch.rowCount else { throw .maskLengthMismatch(rows: batch.rowCount, mask: mask.count) }
        var selected = ContiguousArray<Int>(), rejected = ContiguousArray<Int>()
        for (row, keep) in mask.enumerated() {
            if keep { selected.append(row) } else { rejected.append(row) }
        }
        return (try batch.gather(selected), try batch.gather(rejected))
    }
}
