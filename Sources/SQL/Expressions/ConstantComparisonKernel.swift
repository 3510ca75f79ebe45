import Columns

/// `column op constant`, the usual shape of a filter or CASE condition: one loop over the
/// column's buffer against the constant, instead of first building a column of copies of
/// the constant (for text, a byte copy per row) and comparing two columns.
enum ConstantComparisonKernel {
    /// nil when the constant's kind does not match the column's (the caller falls back to
    /// the two-column kernel); NULL constants are left to it too.
    static func evaluate(_ op: ComparisonOperator, _ column: Column, _ constant: Scalar) -> Column? {
        let rows = column.count
        var out = ContiguousArray<UInt8>(repeating: 0, count: rows)
        switch (column, constant) {
        case let (.int64(c), .int64(k)), let (.decimal(c), .decimal(k)):
            c.values.withUnsafeBufferPointer { v in
                for i in 0 ..< rows { out[i] = op.holds(v[i] < k ? -1 : (v[i] == k ? 0 : 1)) ? 1 : 0 }
            }
            return result(op, out, c.nulls)
        case let (.int32(c), .int32(k)), let (.date(c), .date(k)):
            c.values.withUnsafeBufferPointer { v in
                for i in 0 ..< rows { out[i] = op.holds(v[i] < k ? -1 : (v[i] == k ? 0 : 1)) ? 1 : 0 }
            }
            return result(op, out, c.nulls)
        case let (.double(c), .double(k)):
            c.values.withUnsafeBufferPointer { v in
                for i in 0 ..< rows {
                    let x = Double(bitPattern: v[i])
                    out[i] = op.holds(x < k ? -1 : (x == k ? 0 : 1)) ? 1 : 0
                }
            }
            return result(op, out, c.nulls)
        case let (.text(c), .text(k)):
            let nulls = ColumnFactory.nullFlags(column)
            var key = Array(k.utf8)
            key.withUnsafeMutableBytes { kb in
                let y = UnsafeRawBufferPointer(kb)
                c.bytes.withUnsafeBytes { bytes in
                    c.offsets.withUnsafeBufferPointer { offsets in
                        for i in 0 ..< rows where !nulls[i] {
                            let start = Int(offsets[i]), end = Int(offsets[i + 1])
                            // Equality needs no byte comparison when the lengths differ.
                            if op == .equal || op == .notEqual, end - start != y.count {
                                out[i] = op == .notEqual ? 1 : 0
                                continue
                            }
                            let x = UnsafeRawBufferPointer(rebasing: bytes[start ..< end])
                            out[i] = op.holds(ComparisonKernel.compareBytes(x, y)) ? 1 : 0
                        }
                    }
                }
            }
            return result(op, out, ColumnFactory.mask(nulls))
        default:
            return nil
        }
    }

    /// NULL where the column is NULL (`<=>`: false there, as the constant is not NULL).
    private static func result(_ op: ComparisonOperator, _ values: ContiguousArray<UInt8>,
                               _ nulls: ContiguousArray<Bool>?) -> Column {
        var values = values
        guard let nulls else { return .bool(FixedColumn(values: values)) }
        for i in 0 ..< values.count where nulls[i] { values[i] = 0 }
        return .bool(FixedColumn(values: values, nulls: op == .nullSafeEqual ? nil : nulls))
    }

    /// `constant op column` as `column op' constant`.
    static func flipped(_ op: ComparisonOperator) -> ComparisonOperator {
        switch op {
        case .less: .greater
        case .lessOrEqual: .greaterOrEqual
        case .greater: .less
        case .greaterOrEqual: .lessOrEqual
        default: op
        }
    }
}
