import Columns

extension Column {
    /// A column of `rows` copies of this column's first row (a partition value per file).
    func repeatingFirstRow(_ rows: Int) -> Column {
        func fixed<T>(_ c: FixedColumn<T>) -> FixedColumn<T> {
            let null = c.isNull(0)
            return FixedColumn(values: ContiguousArray(repeating: null ? 0 : c.values[0], count: rows),
                               nulls: null ? ContiguousArray(repeating: true, count: rows) : nil)
        }
        switch self {
        case let .int64(c): return .int64(fixed(c))
        case let .decimal(c): return .decimal(fixed(c))
        case let .int32(c): return .int32(fixed(c))
        case let .date(c): return .date(fixed(c))
        case let .double(c): return .double(fixed(c))
        case let .bool(c): return .bool(fixed(c))
        case let .text(c):
            let value = c.isNull(0) ? nil : c.bytes[c.range(0)]
            var out = ByteColumn(reservingRows: rows, bytes: rows * (value?.count ?? 0))
            if let value {
                for _ in 0 ..< rows { out.bytes.append(contentsOf: value) }
                out.offsets = ContiguousArray((0 ... rows).lazy.map { Int32($0 * value.count) })
                if value.isEmpty { out.nulls = ContiguousArray(repeating: false, count: rows) }
            } else {
                out.offsets = ContiguousArray(repeating: 0, count: rows + 1)
                out.nulls = ContiguousArray(repeating: true, count: rows)
            }
            return .text(out)
        }
    }
}
