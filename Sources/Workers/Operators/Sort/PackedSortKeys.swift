import Columns

/// The sort order of a batch from keys packed into one `UInt64` per row, when the key
/// columns' value ranges allow it (DuckDB's normalized keys, narrowed): each key column
/// becomes a dense code — integers and dates offset by their minimum, text by its rank
/// among the batch's distinct values, NULL one code below or above the rest — and the
/// codes are combined in mixed radix with the row index in the low bits. Sorting those
/// integers is the sort: no per-row key encoding and no byte comparisons, which is what
/// made sorting gold's (date, 64-character product code, customer code) rows slow.
///
/// The order equals `RowEncoder`'s byte order with ties in arrival order, so the result
/// is the same as the encoded sort's; nil when the keys (with the index) need more than
/// 64 bits, and the caller falls back to encoded keys.
enum PackedSortKeys {
    static func order(of batch: RecordBatch, encoder: RowEncoder) -> ContiguousArray<Int>? {
        let rows = batch.rowCount
        guard rows > 1 else { return ContiguousArray(0 ..< rows) }
        let indexBits = UInt64.bitWidth - UInt64(rows - 1).leadingZeroBitCount
        let limit = UInt64(1) << (UInt64.bitWidth - indexBits)
        var radix: UInt64 = 1
        var columns: [ColumnCodes] = []
        for (k, index) in encoder.columns.enumerated() {
            guard var codes = ColumnCodes(batch.columns[index], rows: rows, limit: limit / radix) else { return nil }
            codes.orient(descending: encoder.descending[k], nullsFirst: encoder.nullsFirst[k])
            let (product, overflow) = radix.multipliedReportingOverflow(by: codes.radix)
            guard !overflow, product <= limit else { return nil }
            radix = product
            columns.append(codes)
        }
        var packed = ContiguousArray<UInt64>(unsafeUninitializedCapacity: rows) { out, initialized in
            for row in 0 ..< rows { out.initializeElement(at: row, to: 0) }
            initialized = rows
        }
        packed.withUnsafeMutableBufferPointer { keys in
            for column in columns {
                column.codes.withUnsafeBufferPointer { codes in
                    for row in 0 ..< rows { keys[row] = keys[row] &* column.radix &+ codes[row] }
                }
            }
            for row in 0 ..< rows { keys[row] = keys[row] << indexBits | UInt64(row) }
        }
        RadixSort.sort(&packed, significantBits: (UInt64.bitWidth - radix.leadingZeroBitCount) + indexBits)
        let mask = (UInt64(1) << indexBits) - 1
        return ContiguousArray(unsafeUninitializedCapacity: rows) { out, initialized in
            packed.withUnsafeBufferPointer { keys in
                for row in 0 ..< rows { out.initializeElement(at: row, to: Int(keys[row] & mask)) }
            }
            initialized = rows
        }
    }
}

/// One key column as dense codes in `0 ..< radix`, ascending, NULL last until `orient`.
private struct ColumnCodes {
    var codes: ContiguousArray<UInt64>
    /// The number of distinct codes: the value range, plus one for NULL when present.
    var radix: UInt64
    private let valueRange: UInt64
    private let nulls: ContiguousArray<Bool>?

    /// Nil when the column's range reaches `limit` or its type has no packed form.
    init?(_ column: Column, rows: Int, limit: UInt64) {
        var nullMask: ContiguousArray<Bool>?
        var range: UInt64
        switch column {
        case let .int64(c), let .decimal(c):
            guard let (values, r) = Self.offsets(c.values.lazy.map { $0 }, nulls: c.nulls, limit: limit) else { return nil }
            codes = values
            range = r
            nullMask = c.nulls
        case let .int32(c), let .date(c):
            guard let (values, r) = Self.offsets(c.values.lazy.map { Int64($0) }, nulls: c.nulls, limit: limit) else { return nil }
            codes = values
            range = r
            nullMask = c.nulls
        case let .bool(c):
            codes = ContiguousArray(c.values.lazy.map { $0 != 0 ? 1 : 0 })
            range = 2
            nullMask = c.nulls
        case let .text(c):
            guard let (values, r) = Self.ranks(c, rows: rows, limit: limit) else { return nil }
            codes = values
            range = r
            nullMask = ContiguousArray((0 ..< rows).lazy.map { c.isNull($0) })
        case .double:
            return nil
        }
        if let mask = nullMask, !mask.contains(true) { nullMask = nil }
        valueRange = range
        nulls = nullMask
        radix = range + (nullMask == nil ? 0 : 1)
        guard radix <= limit else { return nil }
    }

    /// Flips the codes for a descending key and puts NULL first or last.
    mutating func orient(descending: Bool, nullsFirst: Bool) {
        let range = valueRange
        let nulls = self.nulls
        codes.withUnsafeMutableBufferPointer { codes in
            for row in codes.indices {
                if let nulls, nulls[row] {
                    codes[row] = nullsFirst ? 0 : range
                } else {
                    let value = descending ? range - 1 - codes[row] : codes[row]
                    codes[row] = nulls != nil && nullsFirst ? value + 1 : value
                }
            }
        }
    }

    /// Values minus the minimum non-NULL value (NULL rows get 0 until `orient`).
    private static func offsets(_ values: some Collection<Int64>, nulls: ContiguousArray<Bool>?,
                                limit: UInt64) -> (ContiguousArray<UInt64>, UInt64)? {
        var low = Int64.max, high = Int64.min
        for (row, value) in values.enumerated() where nulls?[row] != true {
            low = min(low, value)
            high = max(high, value)
        }
        guard low <= high else { return (ContiguousArray(repeating: 0, count: values.count), 1) }
        let (span, overflow) = high.subtractingReportingOverflow(low)
        guard !overflow, UInt64(span) < limit else { return nil }
        var codes = ContiguousArray<UInt64>()
        codes.reserveCapacity(values.count)
        for (row, value) in values.enumerated() {
            codes.append(nulls?[row] == true ? 0 : UInt64(value - low))
        }
        return (codes, UInt64(span) + 1)
    }

    /// Each value's rank among the distinct non-NULL values in byte order.
    private static func ranks(_ column: ByteColumn, rows: Int, limit: UInt64) -> (ContiguousArray<UInt64>, UInt64)? {
        var table = KeyHashTable()
        var entries = ContiguousArray<UInt64>(repeating: 0, count: rows)
        for row in 0 ..< rows where !column.isNull(row) {
            let entry = column.withValue(row) { table.findOrInsert($0, hash: ByteHash.hash(bytes: $0)).entry }
            entries[row] = UInt64(entry)
            // Give up as soon as the distinct values alone cannot pack.
            if table.count > limit { return nil }
        }
        guard table.count > 0 else { return (entries, 1) }
        var byBytes = Array(0 ..< table.count)
        byBytes.sort { a, b in table.withKey(a) { x in table.withKey(b) { y in EncodedRows.compare(x, y) < 0 } } }
        var rank = ContiguousArray<UInt64>(repeating: 0, count: table.count)
        for (position, entry) in byBytes.enumerated() { rank[entry] = UInt64(position) }
        for row in 0 ..< rows where !column.isNull(row) { entries[row] = rank[Int(entries[row])] }
        return (entries, UInt64(table.count))
    }
}
