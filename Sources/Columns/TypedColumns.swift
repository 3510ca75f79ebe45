/// A fixed-width column with a NULL mask (nil mask = no NULLs).
public struct FixedColumn<Value: FixedWidthInteger & Sendable>: Sendable, Equatable {
    public var values: ContiguousArray<Value>
    public var nulls: ContiguousArray<Bool>?

    public init(reservingRows rows: Int = 0) {
        values = []
        values.reserveCapacity(rows)
        nulls = nil
    }

    public init(values: ContiguousArray<Value>, nulls: ContiguousArray<Bool>? = nil) {
        self.values = values
        self.nulls = nulls
    }

    public var count: Int { values.count }

    @inlinable public func isNull(_ row: Int) -> Bool { nulls?[row] ?? false }

    @inlinable public func value(_ row: Int) -> Value? { isNull(row) ? nil : values[row] }

    public mutating func append(_ value: Value) {
        values.append(value)
        nulls?.append(false)
    }

    public mutating func appendNull() {
        if nulls == nil { nulls = ContiguousArray(repeating: false, count: values.count) }
        values.append(0)
        nulls?.append(true)
    }

    public mutating func append(_ value: Value?) {
        if let value { append(value) } else { appendNull() }
    }
}

/// Logical column types. Decimals are scaled integers (DECIMAL(18,2) → scale 2),
/// dates are days since 1970-01-01 — never floating point for money.
public enum ColumnType: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// UTF-8 text (Parquet STRING, Delta `string`).
    case text
    /// Raw bytes, any values (Parquet BYTE_ARRAY without annotation, Delta `binary`);
    /// stored in a `Column.text` buffer like text.
    case binary
    case int64
    case int32
    case date
    case decimal(precision: Int, scale: Int)
    case double
    case bool

    public var description: String {
        switch self {
        case .text: "STRING"
        case .binary: "BINARY"
        case .int64: "BIGINT"
        case .int32: "INT"
        case .date: "DATE"
        case let .decimal(p, s): "DECIMAL(\(p),\(s))"
        case .double: "DOUBLE"
        case .bool: "BOOLEAN"
        }
    }
}

/// One column of a batch, by physical representation.
public enum Column: Sendable, Equatable {
    /// STRING and BINARY values alike (the field's type tells which).
    case text(ByteColumn)
    case int64(FixedColumn<Int64>)
    case int32(FixedColumn<Int32>)
    /// Days since the Unix epoch.
    case date(FixedColumn<Int32>)
    /// Unscaled value; the scale lives in the field's type.
    case decimal(FixedColumn<Int64>)
    /// IEEE double stored by bit pattern so that the column stays Equatable and integer-backed.
    case double(FixedColumn<UInt64>)
    case bool(FixedColumn<UInt8>)

    public var count: Int {
        switch self {
        case let .text(c): c.count
        case let .int64(c), let .decimal(c): c.count
        case let .int32(c), let .date(c): c.count
        case let .double(c): c.count
        case let .bool(c): c.count
        }
    }

    public func isNull(_ row: Int) -> Bool {
        switch self {
        case let .text(c): c.isNull(row)
        case let .int64(c), let .decimal(c): c.isNull(row)
        case let .int32(c), let .date(c): c.isNull(row)
        case let .double(c): c.isNull(row)
        case let .bool(c): c.isNull(row)
        }
    }

    /// An empty column of the physical kind that stores `type`.
    public static func empty(of type: ColumnType, reservingRows rows: Int = 0) -> Column {
        switch type {
        case .text, .binary: .text(ByteColumn(reservingRows: rows))
        case .int64: .int64(FixedColumn(reservingRows: rows))
        case .int32: .int32(FixedColumn(reservingRows: rows))
        case .date: .date(FixedColumn(reservingRows: rows))
        case .decimal: .decimal(FixedColumn(reservingRows: rows))
        case .double: .double(FixedColumn(reservingRows: rows))
        case .bool: .bool(FixedColumn(reservingRows: rows))
        }
    }
}
