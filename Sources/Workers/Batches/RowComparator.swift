import Columns

/// Compares two rows (of the same or different batches) by an ordering, reading the
/// columns directly: the same order as `RowEncoder`'s bytes (NULLs first or last in
/// either direction, integers and dates numerically, doubles by the encoder's bit
/// order, text byte-wise with a prefix first). For operators that compare only some
/// rows — dedup compares a row only when its key repeats — so they need not encode and
/// hold every row's order key.
public struct RowComparator: Sendable {
    private let columns: [Int]
    private let descending: [Bool]
    private let nullsFirst: [Bool]

    public init(schema: Schema, keys: [SortKey]) throws(OperatorError) {
        columns = try schema.indices(of: keys.map(\.column))
        descending = keys.map(\.descending)
        nullsFirst = keys.map(\.nullsFirst)
    }

    /// Negative, zero or positive as row `ra` of `a` sorts before, with or after row `rb`
    /// of `b`. Both batches must have the schema the comparator was made for.
    public func compare(_ a: RecordBatch, _ ra: Int, _ b: RecordBatch, _ rb: Int) -> Int {
        for (k, column) in columns.enumerated() {
            let left = a.columns[column], right = b.columns[column]
            let leftNull = left.isNull(ra), rightNull = right.isNull(rb)
            if leftNull || rightNull {
                if leftNull && rightNull { continue }
                // NULL placement does not flip with the direction (as in the encoding).
                return leftNull == nullsFirst[k] ? -1 : 1
            }
            let order = Self.compareValues(left, ra, right, rb)
            if order != 0 { return descending[k] ? -order : order }
        }
        return 0
    }

    private static func compareValues(_ left: Column, _ ra: Int, _ right: Column, _ rb: Int) -> Int {
        switch (left, right) {
        case let (.text(l), .text(r)):
            return l.withValue(ra) { x in r.withValue(rb) { y in EncodedRows.compare(x, y) } }
        case let (.int64(l), .int64(r)), let (.decimal(l), .decimal(r)):
            return sign(l.values[ra], r.values[rb])
        case let (.int32(l), .int32(r)), let (.date(l), .date(r)):
            return sign(l.values[ra], r.values[rb])
        case let (.double(l), .double(r)):
            return sign(orderedBits(l.values[ra]), orderedBits(r.values[rb]))
        case let (.bool(l), .bool(r)):
            return sign(l.values[ra] != 0 ? 1 : 0, r.values[rb] != 0 ? 1 : 0)
        default:
            // Same schema on both sides, so the cases always pair up.
            return 0
        }
    }

    /// A double's bits in an order-preserving unsigned form (the encoder's).
    private static func orderedBits(_ bits: UInt64) -> UInt64 {
        bits & (1 << 63) != 0 ? ~bits : bits | (1 << 63)
    }

    private static func sign<V: Comparable>(_ x: V, _ y: V) -> Int {
        x < y ? -1 : (x == y ? 0 : 1)
    }
}
