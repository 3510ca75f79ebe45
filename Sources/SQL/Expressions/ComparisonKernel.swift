import Columns

/// Comparisons of two columns of one type (the binder cast them to their common type):
/// NULL when either side is NULL, except `<=>`, which is never NULL.
enum ComparisonKernel {
    static func evaluate(_ op: ComparisonOperator, _ l: Column, _ r: Column, type: ColumnType) throws -> Column {
        let rows = l.count
        var out = ContiguousArray<UInt8>(repeating: 0, count: rows)
        let ln = ColumnFactory.nullFlags(l), rn = ColumnFactory.nullFlags(r)
        switch type {
        case .int64, .decimal:
            let a = try ColumnAccess.int64(l).values, b = try ColumnAccess.int64(r).values
            for i in 0 ..< rows { out[i] = op.holds(a[i] < b[i] ? -1 : (a[i] == b[i] ? 0 : 1)) ? 1 : 0 }
        case .int32, .date:
            let a = try ColumnAccess.int32(l).values, b = try ColumnAccess.int32(r).values
            for i in 0 ..< rows { out[i] = op.holds(a[i] < b[i] ? -1 : (a[i] == b[i] ? 0 : 1)) ? 1 : 0 }
        case .double:
            let a = try ColumnAccess.double(l).values, b = try ColumnAccess.double(r).values
            for i in 0 ..< rows {
                let x = Double(bitPattern: a[i]), y = Double(bitPattern: b[i])
                out[i] = op.holds(x < y ? -1 : (x == y ? 0 : 1)) ? 1 : 0
            }
        case .bool:
            let a = try ColumnAccess.bool(l).values, b = try ColumnAccess.bool(r).values
            for i in 0 ..< rows { out[i] = op.holds(a[i] < b[i] ? -1 : (a[i] == b[i] ? 0 : 1)) ? 1 : 0 }
        case .text, .binary:
            let a = try ColumnAccess.text(l), b = try ColumnAccess.text(r)
            a.bytes.withUnsafeBytes { ab in
                b.bytes.withUnsafeBytes { bb in
                    for i in 0 ..< rows where !ln[i] && !rn[i] {
                        let x = UnsafeRawBufferPointer(rebasing: ab[a.range(i)])
                        let y = UnsafeRawBufferPointer(rebasing: bb[b.range(i)])
                        out[i] = op.holds(compareBytes(x, y)) ? 1 : 0
                    }
                }
            }
        }
        if op == .nullSafeEqual {
            for i in 0 ..< rows where ln[i] || rn[i] { out[i] = ln[i] && rn[i] ? 1 : 0 }
            return .bool(FixedColumn(values: out))
        }
        var nulls = ContiguousArray<Bool>(repeating: false, count: rows)
        for i in 0 ..< rows where ln[i] || rn[i] { nulls[i] = true; out[i] = 0 }
        return .bool(FixedColumn(values: out, nulls: ColumnFactory.mask(nulls)))
    }

    /// Byte order (for UTF-8, code point order, as Spark compares strings).
    static func compareBytes(_ x: UnsafeRawBufferPointer, _ y: UnsafeRawBufferPointer) -> Int {
        let n = min(x.count, y.count)
        if n > 0, let xa = x.baseAddress, let ya = y.baseAddress {
            let c = memcmp(xa, ya, n)
            if c != 0 { return c < 0 ? -1 : 1 }
        }
        return x.count < y.count ? -1 : (x.count == y.count ? 0 : 1)
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
