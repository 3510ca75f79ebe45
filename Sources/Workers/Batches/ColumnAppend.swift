import Columns

/// Row-at-a-time appends on `Column`, for builders that pick rows from many batches.
extension Column {
    /// A column with no buffers: swapped in while a payload is mutated so that
    /// the payload is uniquely referenced and appends do not copy.
    static var vacant: Column { .bool(FixedColumn()) }

    /// Appends value `row` of `source` (same physical kind) to this column.
    mutating func appendValue(from source: Column, row: Int, column: Int) throws(OperatorError) {
        switch self {
        case var .text(target):
            guard case let .text(values) = source else { throw .columnKindMismatch(context: "append row", column: column) }
            let newSize = target.bytes.count + values.range(row).count
            guard newSize <= Int(Int32.max) else {
                throw .textColumnTooLarge(context: "append row", bytes: newSize)
            }
            self = .vacant
            target.append(from: values, row: row)
            self = .text(target)
        case var .int64(target):
            guard case let .int64(values) = source else { throw .columnKindMismatch(context: "append row", column: column) }
            self = .vacant
            target.append(values.value(row))
            self = .int64(target)
        case var .decimal(target):
            guard case let .decimal(values) = source else { throw .columnKindMismatch(context: "append row", column: column) }
            self = .vacant
            target.append(values.value(row))
            self = .decimal(target)
        case var .int32(target):
            guard case let .int32(values) = source else { throw .columnKindMismatch(context: "append row", column: column) }
            self = .vacant
            target.append(values.value(row))
            self = .int32(target)
        case var .date(target):
            guard case let .date(values) = source else { throw .columnKindMismatch(context: "append row", column: column) }
            self = .vacant
            target.append(values.value(row))
            self = .date(target)
        case var .double(target):
            guard case let .double(values) = source else { throw .columnKindMismatch(context: "append row", column: column) }
            self = .vacant
            target.append(values.value(row))
            self = .double(target)
        case var .bool(target):
            guard case let .bool(values) = source else { throw .columnKindMismatch(context: "append row", column: column) }
            self = .vacant
            target.append(values.value(row))
            self = .bool(target)
        }
    }

    mutating func appendNullValue() {
        switch self {
        case var .text(target):
            self = .vacant
            target.appendNull()
            self = .text(target)
        case var .int64(target):
            self = .vacant
            target.appendNull()
            self = .int64(target)
        case var .decimal(target):
            self = .vacant
            target.appendNull()
            self = .decimal(target)
        case var .int32(target):
            self = .vacant
            target.appendNull()
            self = .int32(target)
        case var .date(target):
            self = .vacant
            target.appendNull()
            self = .date(target)
        case var .double(target):
            self = .vacant
            target.appendNull()
            self = .double(target)
        case var .bool(target):
            self = .vacant
            target.appendNull()
            self = .bool(target)
        }
    }

    /// True when both columns store values the same way (so rows can move between them).
    func hasSameKind(as other: Column) -> Bool {
        switch (self, other) {
        case (.text, .text), (.int64, .int64), (.decimal, .decimal), (.int32, .int32),
             (.date, .date), (.double, .double), (.bool, .bool): true
        default: false
        }
    }
}
