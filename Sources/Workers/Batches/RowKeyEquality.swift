import Columns

extension RecordBatch {
    /// Whether row `row` of this batch has the same key values as row `otherRow` of
    /// `other`, comparing key columns pairwise. NULL equals NULL here (grouping
    /// semantics); joins exclude NULL keys before comparing.
    ///
    /// For many comparisons prefer `RowEncoder`, which encodes keys once per batch.
    public func keysEqual(row: Int, keys: [Int], _ other: RecordBatch, row otherRow: Int, keys otherKeys: [Int]) -> Bool {
        guard keys.count == otherKeys.count else { return false }
        for index in keys.indices where !columns[keys[index]].valueEquals(row, other.columns[otherKeys[index]], otherRow) {
            return false
        }
        return true
    }
}

extension Column {
    /// Row `row` here equals row `otherRow` of `other` (NULL equals NULL); columns of
    /// different kinds are never equal. Both columns are borrowed where they lie, not
    /// matched as a copied tuple.
    @inline(__always)
    func valueEquals(_ row: Int, _ other: Column, _ otherRow: Int) -> Bool {
        switch self {
        case let .text(a):
            guard case let .text(b) = other else { return false }
            if a.isNull(row) { return b.isNull(otherRow) }
            return !b.isNull(otherRow) && a.withValue(row) { x in b.withValue(otherRow) { y in ByteEquality.equal(x, y) } }
        case let .int64(a):
            guard case let .int64(b) = other else { return false }
            return a.value(row) == b.value(otherRow)
        case let .decimal(a):
            guard case let .decimal(b) = other else { return false }
            return a.value(row) == b.value(otherRow)
        case let .int32(a):
            guard case let .int32(b) = other else { return false }
            return a.value(row) == b.value(otherRow)
        case let .date(a):
            guard case let .date(b) = other else { return false }
            return a.value(row) == b.value(otherRow)
        case let .double(a):
            guard case let .double(b) = other else { return false }
            return a.value(row) == b.value(otherRow)
        case let .bool(a):
            guard case let .bool(b) = other else { return false }
            return a.value(row) == b.value(otherRow)
        }
    }
}
