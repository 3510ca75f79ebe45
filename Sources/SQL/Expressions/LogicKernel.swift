import Columns

/// AND, OR and NOT with SQL's three-valued logic, and IS [NOT] NULL.
enum LogicKernel {
    /// AND: false if either is false, else NULL if either is NULL, else true. OR: the dual.
    static func combine(_ l: Column, _ r: Column, isAnd: Bool) throws -> Column {
        let a = try ColumnAccess.bool(l), b = try ColumnAccess.bool(r)
        let rows = a.count
        var values = ContiguousArray<UInt8>(repeating: 0, count: rows)
        guard a.nulls != nil || b.nulls != nil else {
            for i in 0 ..< rows { values[i] = isAnd ? (a.values[i] & b.values[i]) : (a.values[i] | b.values[i]) }
            return .bool(FixedColumn(values: values))
        }
        var nulls = ContiguousArray<Bool>(repeating: false, count: rows)
        let decisive: UInt8 = isAnd ? 0 : 1
        for i in 0 ..< rows {
            let an = a.isNull(i), bn = b.isNull(i)
            if (!an && a.values[i] == decisive) || (!bn && b.values[i] == decisive) {
                values[i] = decisive
            } else if an || bn {
                nulls[i] = true
            } else {
                values[i] = 1 - decisive
            }
        }
        return .bool(FixedColumn(values: values, nulls: ColumnFactory.mask(nulls)))
    }

    static func not(_ c: Column) throws -> Column {
        let a = try ColumnAccess.bool(c)
        return .bool(FixedColumn(values: ContiguousArray(a.values.lazy.map { $0 == 0 ? 1 : 0 }), nulls: a.nulls))
    }

    static func isNull(_ c: Column, negated: Bool) -> Column {
        let flags = ColumnFactory.nullFlags(c)
        return .bool(FixedColumn(values: ContiguousArray(flags.lazy.map { ($0 != negated) ? 1 : 0 })))
    }

    /// The rows a WHERE keeps: true (not false, not NULL).
    static func mask(_ c: Column) throws -> ContiguousArray<Bool> {
        let a = try ColumnAccess.bool(c)
        var keep = ContiguousArray<Bool>(repeating: false, count: a.count)
        for i in 0 ..< a.count { keep[i] = a.values[i] != 0 && !a.isNull(i) }
        return keep
    }
}
