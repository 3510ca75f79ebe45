import Columns

extension RecordBatch {
    /// For each row, whether any of the columns at `keys` is NULL (nil when none is).
    /// Joins use it because a NULL key never matches.
    public func nullKeyMask(keys: [Int]) -> ContiguousArray<Bool>? {
        var mask: ContiguousArray<Bool>?
        for key in keys {
            let column = columns[key]
            let nulls: ContiguousArray<Bool>?
            switch column {
            case let .text(c):
                nulls = c.nulls ?? ContiguousArray((0 ..< c.count).lazy.map { c.offsets[$0] == c.offsets[$0 + 1] })
            case let .int64(c), let .decimal(c): nulls = c.nulls
            case let .int32(c), let .date(c): nulls = c.nulls
            case let .double(c): nulls = c.nulls
            case let .bool(c): nulls = c.nulls
            }
            guard let nulls else { continue }
            if mask == nil {
                mask = nulls
            } else {
                for row in 0 ..< rowCount where nulls[row] { mask?[row] = true }
            }
        }
        return mask
    }
}
