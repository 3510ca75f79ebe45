import Columns

extension RecordBatch {
    /// Approximate bytes held by the batch's buffers (what a budget should be charged).
    public var estimatedBytes: Int {
        columns.reduce(64) { $0 + $1.estimatedBytes }
    }
}

extension Column {
    var estimatedBytes: Int {
        switch self {
        case let .text(c): c.bytes.count + 4 * c.offsets.count + (c.nulls?.count ?? 0) + 48
        case let .int64(c), let .decimal(c): 8 * c.values.count + (c.nulls?.count ?? 0) + 32
        case let .int32(c), let .date(c): 4 * c.values.count + (c.nulls?.count ?? 0) + 32
        case let .double(c): 8 * c.values.count + (c.nulls?.count ?? 0) + 32
        case let .bool(c): c.values.count + (c.nulls?.count ?? 0) + 32
        }
    }
}
