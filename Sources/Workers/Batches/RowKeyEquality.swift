import Columns

extension RecordBatch {
    /// Whether row `row` of this batch has the same key values as row `otherRow` of
    /// `other`, comparing key columns pairwise. NULL equals NULL here (grouping
    /// semantics); joins exclude NULL keys before comparing.
    ///
    /// For many comparisons prefer `RowEncoder`, which encodes keys once per batch.
    public func keysEqual(row: Int, keys: [Int], _ other: RecordBatch, row otherRow: Int, keys otherKeys: [Int]) -> Bool {
        guard keys.count == otherKeys.count else { return false }
        for (key, otherKey) in zip(keys, otherKeys) {
            let equal: Bool = switch (columns[key], other.columns[otherKey]) {
            case let (.text(a), .text(b)):
                a.isNull(row) ? b.isNull(otherRow) : (!b.isNull(otherRow) && a.withValue(row) { x in b.withValue(otherRow) { y in ByteEquality.equal(x, y) } })
            case let (.int64(a), .int64(b)), let (.decimal(a), .decimal(b)): a.value(row) == b.value(otherRow)
            case let (.int32(a), .int32(b)), let (.date(a), .date(b)): a.value(row) == b.value(otherRow)
            case let (.double(a), .double(b)): a.value(row) == b.value(otherRow)
            case let (.bool(a), .bool(b)): a.value(row) == b.value(otherRow)
            default: false
            }
            if !equal { return false }
        }
        return true
    }
}
