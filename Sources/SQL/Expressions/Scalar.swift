import Columns

/// A constant value in the engine's representation (decimals unscaled, dates as days).
enum Scalar: Sendable, Hashable {
    case null
    case int64(Int64)
    case int32(Int32)
    case decimal(Int64)
    case double(Double)
    case text(String)
    case date(Int32)
    case bool(Bool)

    var isNull: Bool { self == .null }

    /// A column of `rows` copies of this value, stored as `type`.
    func column(rows: Int, type: ColumnType) -> Column {
        switch (self, type) {
        case let (.int64(v), .int64), let (.decimal(v), .decimal): return fixed(v, rows, type)
        case let (.int32(v), .int32), let (.date(v), .date):
            return type == .date ? .date(FixedColumn(values: ContiguousArray(repeating: v, count: rows)))
                : .int32(FixedColumn(values: ContiguousArray(repeating: v, count: rows)))
        case let (.double(v), .double): return .double(FixedColumn(values: ContiguousArray(repeating: v.bitPattern, count: rows)))
        case let (.bool(v), .bool): return .bool(FixedColumn(values: ContiguousArray(repeating: v ? 1 : 0, count: rows)))
        case let (.text(s), .text), let (.text(s), .binary):
            var column = ByteColumn(reservingRows: rows, bytes: rows * s.utf8.count)
            column.nulls = ContiguousArray(repeating: false, count: 0)
            column.nulls?.reserveCapacity(rows)
            let bytes = Array(s.utf8)
            for _ in 0 ..< rows { column.append(bytes) }
            return .text(column)
        default: return ColumnFactory.nulls(rows: rows, type: type)
        }
    }

    private func fixed(_ v: Int64, _ rows: Int, _ type: ColumnType) -> Column {
        let c = FixedColumn(values: ContiguousArray(repeating: v, count: rows))
        return type == .int64 ? .int64(c) : .decimal(c)
    }
}

/// Column constructors the kernels share.
enum ColumnFactory {
    static func nulls(rows: Int, type: ColumnType) -> Column {
        let mask = ContiguousArray(repeating: true, count: rows)
        switch type {
        case .text, .binary:
            var c = ByteColumn()
            c.offsets = ContiguousArray(repeating: 0, count: rows + 1)
            c.nulls = mask
            return .text(c)
        case .int64: return .int64(FixedColumn(values: ContiguousArray(repeating: 0, count: rows), nulls: mask))
        case .decimal: return .decimal(FixedColumn(values: ContiguousArray(repeating: 0, count: rows), nulls: mask))
        case .int32: return .int32(FixedColumn(values: ContiguousArray(repeating: 0, count: rows), nulls: mask))
        case .date: return .date(FixedColumn(values: ContiguousArray(repeating: 0, count: rows), nulls: mask))
        case .double: return .double(FixedColumn(values: ContiguousArray(repeating: 0, count: rows), nulls: mask))
        case .bool: return .bool(FixedColumn(values: ContiguousArray(repeating: 0, count: rows), nulls: mask))
        }
    }

    /// A mask that is nil when no row is NULL.
    static func mask(_ nulls: ContiguousArray<Bool>) -> ContiguousArray<Bool>? {
        nulls.contains(true) ? nulls : nil
    }

    /// The NULL flags of a column as an array (false everywhere when it has none).
    static func nullFlags(_ column: Column) -> ContiguousArray<Bool> {
        switch column {
        case let .int64(c), let .decimal(c): return c.nulls ?? ContiguousArray(repeating: false, count: c.count)
        case let .int32(c), let .date(c): return c.nulls ?? ContiguousArray(repeating: false, count: c.count)
        case let .double(c): return c.nulls ?? ContiguousArray(repeating: false, count: c.count)
        case let .bool(c): return c.nulls ?? ContiguousArray(repeating: false, count: c.count)
        case let .text(c):
            if let nulls = c.nulls { return nulls }
            var flags = ContiguousArray<Bool>(repeating: false, count: c.count)
            c.offsets.withUnsafeBufferPointer { o in
                for row in 0 ..< c.count where o[row] == o[row + 1] { flags[row] = true }
            }
            return flags
        }
    }

    /// Either mask (or both), nil when neither has NULLs.
    static func union(_ a: ContiguousArray<Bool>?, _ b: ContiguousArray<Bool>?) -> ContiguousArray<Bool>? {
        guard let a else { return b }
        guard let b else { return a }
        var out = a
        for i in out.indices where b[i] { out[i] = true }
        return out
    }

    /// A text column built row by row with an explicit NULL mask (so empty text stays text).
    struct TextBuilder {
        var column: ByteColumn
        init(rows: Int, bytes: Int = 0) {
            column = ByteColumn(reservingRows: rows, bytes: bytes)
            column.nulls = []
            column.nulls?.reserveCapacity(rows)
        }
        mutating func append<C: Collection>(_ bytes: C) where C.Element == UInt8 { column.append(bytes) }
        mutating func append(_ string: String) { column.append(Array(string.utf8)) }
        mutating func append(_ bytes: UnsafeRawBufferPointer) { column.append(bytes) }
        mutating func appendNull() { column.appendNull() }
        var result: Column { .text(column) }
    }
}
