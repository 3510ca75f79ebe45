import Columns

/// Typed access to the columns of a batch by name, failing with the table's name
/// instead of trapping when a column is missing or of another type.
extension RecordBatch {
    public func text(_ name: String, in table: String) throws -> ByteColumn {
        guard case let .text(column) = try column(name, .text, in: table) else {
            throw SportsBarError.wrongColumnType(table: table, column: name, expected: .text, found: try type(name, table))
        }
        return column
    }

    public func int64(_ name: String, in table: String) throws -> FixedColumn<Int64> {
        guard case let .int64(column) = try column(name, .int64, in: table) else {
            throw SportsBarError.wrongColumnType(table: table, column: name, expected: .int64, found: try type(name, table))
        }
        return column
    }

    public func int32(_ name: String, in table: String) throws -> FixedColumn<Int32> {
        guard case let .int32(column) = try column(name, .int32, in: table) else {
            throw SportsBarError.wrongColumnType(table: table, column: name, expected: .int32, found: try type(name, table))
        }
        return column
    }

    public func date(_ name: String, in table: String) throws -> FixedColumn<Int32> {
        guard case let .date(column) = try column(name, .date, in: table) else {
            throw SportsBarError.wrongColumnType(table: table, column: name, expected: .date, found: try type(name, table))
        }
        return column
    }

    public func money(_ name: String, in table: String) throws -> FixedColumn<Int64> {
        guard case let .decimal(column) = try column(name, MoneyRule.type, in: table) else {
            throw SportsBarError.wrongColumnType(table: table, column: name, expected: MoneyRule.type, found: try type(name, table))
        }
        return column
    }

    /// The column `name`, checked to be of `type`.
    private func column(_ name: String, _ type: ColumnType, in table: String) throws -> Column {
        guard let index = schema.index(of: name) else {
            throw SportsBarError.missingColumn(table: table, column: name, available: schema.fields.map(\.name))
        }
        let found = schema.fields[index].type
        guard found == type else {
            throw SportsBarError.wrongColumnType(table: table, column: name, expected: type, found: found)
        }
        return columns[index]
    }

    private func type(_ name: String, _ table: String) throws -> ColumnType {
        guard let index = schema.index(of: name) else {
            throw SportsBarError.missingColumn(table: table, column: name, available: schema.fields.map(\.name))
        }
        return schema.fields[index].type
    }

    /// The batch with exactly the columns of `target`, in its order (by name, types checked).
    public func conformed(to target: Schema, table: String) throws -> RecordBatch {
        var columns: [Column] = []
        for field in target.fields {
            guard let index = schema.index(of: field.name) else {
                throw SportsBarError.missingColumn(table: table, column: field.name, available: schema.fields.map(\.name))
            }
            guard schema.fields[index].type == field.type else {
                throw SportsBarError.wrongColumnType(table: table, column: field.name, expected: field.type,
                                                     found: schema.fields[index].type)
            }
            columns.append(self.columns[index])
        }
        return RecordBatch(schema: target, columns: columns)
    }
}

extension ByteColumn {
    /// A column holding `value` in each of `rows` rows (an empty value is stored as
    /// empty text, not NULL).
    public static func repeating(_ value: String, count rows: Int) -> ByteColumn {
        let bytes = Array(value.utf8)
        let width = bytes.count
        var column = ByteColumn()
        // Filled through raw buffers: this runs once per scanned chunk for every lineage column.
        column.bytes = ContiguousArray(unsafeUninitializedCapacity: rows * width) { out, initialized in
            bytes.withUnsafeBufferPointer { value in
                guard let source = value.baseAddress, let base = out.baseAddress else { return }
                for row in 0 ..< rows { (base + row * width).initialize(from: source, count: width) }
            }
            initialized = rows * width
        }
        column.offsets = ContiguousArray(unsafeUninitializedCapacity: rows + 1) { out, initialized in
            for row in 0 ... rows { out[row] = Int32(truncatingIfNeeded: row * width) }
            initialized = rows + 1
        }
        if bytes.isEmpty { column.nulls = ContiguousArray(repeating: false, count: rows) }
        return column
    }

    /// A column of the given optional strings (nil = NULL, "" = empty text).
    public static func of(_ values: [String?]) -> ByteColumn {
        var column = ByteColumn(reservingRows: values.count)
        if values.contains("") { column.materializeNulls() }
        for value in values { column.append(string: value) }
        return column
    }
}
