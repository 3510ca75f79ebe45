import Columns

/// Group numbers of one integer key column found by indexing, not hashing: `slots[value - base]`
/// is the value's group, or -1. DuckDB's perfect hash aggregate, except that the range is learnt
/// from the values as they arrive instead of from statistics. Dates, years, months, small codes:
/// a group-by over millions of rows with a few hundred such keys then costs a load per row.
/// Usable while the values seen span at most `maxSpan`; past that the table hashes.
struct DirectKeyMap {
    /// 64 Ki slots (256 KiB): fits the cache next to the accumulators.
    static let maxSpan: Int64 = 1 << 16

    private(set) var base: Int64 = 0
    /// Written by the aggregation's per-row loop; `cover` sizes it.
    var slots = ContiguousArray<Int32>()
    /// The group of the NULL key, or -1.
    var nullGroup: Int32 = -1

    var estimatedBytes: Int { slots.count * 4 }

    /// Widens the map to hold `low ... high` (keeping the groups it has); false, and unchanged,
    /// when the values would then span more than `maxSpan`.
    mutating func cover(_ low: Int64, _ high: Int64) -> Bool {
        let newLow = slots.isEmpty ? low : min(low, base)
        let newHigh = slots.isEmpty ? high : max(high, base + Int64(slots.count) - 1)
        let (span, overflow) = newHigh.subtractingReportingOverflow(newLow)
        guard !overflow, span < Self.maxSpan else { return false }
        if !slots.isEmpty, newLow == base, Int(span) + 1 == slots.count { return true }
        var fresh = ContiguousArray<Int32>(repeating: -1, count: Int(span) + 1)
        if !slots.isEmpty {
            let shift = Int(base - newLow)
            for (i, group) in slots.enumerated() { fresh[shift + i] = group }
        }
        base = newLow
        slots = fresh
        return true
    }

    /// The smallest and largest non-NULL values; nil when every value is NULL.
    static func range<T: FixedWidthInteger & SignedInteger>(of column: FixedColumn<T>) -> (low: Int64, high: Int64)? {
        var low = Int64.max, high = Int64.min
        column.values.withUnsafeBufferPointer { values in
            if let nulls = column.nulls {
                for i in values.indices where !nulls[i] {
                    let v = Int64(values[i])
                    low = min(low, v)
                    high = max(high, v)
                }
            } else {
                for value in values {
                    let v = Int64(value)
                    low = min(low, v)
                    high = max(high, v)
                }
            }
        }
        return low <= high ? (low, high) : nil
    }
}
