import Columns

/// Builds a column by picking, row by row, the value of one of several columns of one
/// type (`pick[row]`, or -1 for NULL): the shared step of CASE, COALESCE, IF and NULLIF.
enum ChoiceKernel {
    static func choose(_ columns: [Column], pick: ContiguousArray<Int>, type: ColumnType) throws -> Column {
        let rows = pick.count
        switch type {
        case .text, .binary:
            let texts = try columns.map(ColumnAccess.text)
            var out = ColumnFactory.TextBuilder(rows: rows)
            for row in 0 ..< rows {
                let k = pick[row]
                // Raw bytes, not a slice: the generic append over a slice costs a metadata lookup per row.
                if k < 0 || texts[k].isNull(row) { out.appendNull() } else { texts[k].withValue(row) { out.append($0) } }
            }
            return out.result
        case .int64, .decimal:
            let cs = try columns.map(ColumnAccess.int64)
            let (v, n) = gather(cs, pick)
            return type == .int64 ? .int64(FixedColumn(values: v, nulls: n)) : .decimal(FixedColumn(values: v, nulls: n))
        case .int32, .date:
            let cs = try columns.map(ColumnAccess.int32)
            let (v, n) = gather(cs, pick)
            return type == .int32 ? .int32(FixedColumn(values: v, nulls: n)) : .date(FixedColumn(values: v, nulls: n))
        case .double:
            let (v, n) = gather(try columns.map(ColumnAccess.double), pick)
            return .double(FixedColumn(values: v, nulls: n))
        case .bool:
            let (v, n) = gather(try columns.map(ColumnAccess.bool), pick)
            return .bool(FixedColumn(values: v, nulls: n))
        }
    }

    private static func gather<T>(_ cs: [FixedColumn<T>], _ pick: ContiguousArray<Int>) -> (ContiguousArray<T>, ContiguousArray<Bool>?) {
        var values = ContiguousArray<T>(repeating: 0, count: pick.count)
        var nulls = ContiguousArray<Bool>(repeating: false, count: pick.count)
        for row in 0 ..< pick.count {
            let k = pick[row]
            if k < 0 || cs[k].isNull(row) { nulls[row] = true } else { values[row] = cs[k].values[row] }
        }
        return (values, ColumnFactory.mask(nulls))
    }
}
