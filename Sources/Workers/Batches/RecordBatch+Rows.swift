import Columns

/// Row selection, filtering, projection and concatenation of whole batches.
extension RecordBatch {
    /// A new batch of the rows at `rows`, in that order. A row of -1 yields a row of NULLs.
    public func gather(_ rows: some Collection<Int>) throws(OperatorError) -> RecordBatch {
        let list = ContiguousArray(rows)
        let result: Result<[Column], OperatorError> = list.withUnsafeBufferPointer { indices in
            do throws(OperatorError) {
                return .success(try columns.map { (c: Column) throws(OperatorError) -> Column in try c.gathered(indices) })
            } catch {
                return .failure(error)
            }
        }
        return RecordBatch(schema: schema, columns: try result.get())
    }

    /// The rows whose mask entry is true.
    public func filter(_ mask: some Collection<Bool>) throws(OperatorError) -> RecordBatch {
        guard mask.count == rowCount else { throw .maskLengthMismatch(rows: rowCount, mask: mask.count) }
        var rows = ContiguousArray<Int>()
        rows.reserveCapacity(rowCount)
        for (row, keep) in mask.enumerated() where keep { rows.append(row) }
        if rows.count == rowCount { return self }
        return try gather(rows)
    }

    /// The named columns, in the order given.
    public func project(_ names: [String]) throws(OperatorError) -> RecordBatch {
        let indices = try schema.indices(of: names)
        return project(indices: indices)
    }

    /// The columns at `indices`, in that order.
    public func project(indices: [Int]) -> RecordBatch {
        RecordBatch(schema: Schema(indices.map { schema.fields[$0] }), columns: indices.map { columns[$0] })
    }

    /// The batch with columns renamed by `renames` (old name → new name); others keep their name.
    public func renamed(_ renames: [String: String]) throws(OperatorError) -> RecordBatch {
        for old in renames.keys where schema.index(of: old) == nil {
            throw .unknownColumn(name: old, available: schema.fields.map(\.name))
        }
        var fields = schema.fields
        for index in fields.indices {
            if let new = renames[fields[index].name] { fields[index].name = new }
        }
        return RecordBatch(schema: Schema(fields), columns: columns)
    }

    /// All rows of `batches` in order, as one batch of `schema`.
    public static func concat(_ batches: [RecordBatch], schema: Schema) throws(OperatorError) -> RecordBatch {
        for batch in batches where batch.schema != schema {
            throw .schemaMismatch(context: "concat", expected: schema, found: batch.schema)
        }
        if batches.count == 1, let only = batches.first { return only }
        let rows = batches.reduce(0) { $0 + $1.rowCount }
        var columns: [Column] = []
        for index in schema.fields.indices {
            let parts = batches.map { $0.columns[index] }
            columns.append(try Column.concat(parts, type: schema.fields[index].type, rows: rows))
        }
        return RecordBatch(schema: schema, columns: columns)
    }
}

extension Column {
    static func concat(_ parts: [Column], type: ColumnType, rows: Int) throws(OperatorError) -> Column {
        switch Column.empty(of: type) {
        case .text:
            var texts: [ByteColumn] = []
            for part in parts {
                guard case let .text(c) = part else { throw .columnKindMismatch(context: "concat", column: 0) }
                texts.append(c)
            }
            return .text(try ByteColumn.concat(texts, rows: rows))
        case .int64:
            return .int64(try FixedColumn.concat(parts, rows: rows) { if case let .int64(c) = $0 { c } else { nil } })
        case .decimal:
            return .decimal(try FixedColumn.concat(parts, rows: rows) { if case let .decimal(c) = $0 { c } else { nil } })
        case .int32:
            return .int32(try FixedColumn.concat(parts, rows: rows) { if case let .int32(c) = $0 { c } else { nil } })
        case .date:
            return .date(try FixedColumn.concat(parts, rows: rows) { if case let .date(c) = $0 { c } else { nil } })
        case .double:
            return .double(try FixedColumn.concat(parts, rows: rows) { if case let .double(c) = $0 { c } else { nil } })
        case .bool:
            return .bool(try FixedColumn.concat(parts, rows: rows) { if case let .bool(c) = $0 { c } else { nil } })
        }
    }
}

extension FixedColumn {
    static func concat(_ parts: [Column], rows: Int, _ unwrap: (Column) -> FixedColumn?) throws(OperatorError) -> FixedColumn {
        var values = ContiguousArray<Value>()
        values.reserveCapacity(rows)
        var typed: [FixedColumn] = []
        for part in parts {
            guard let c = unwrap(part) else { throw .columnKindMismatch(context: "concat", column: 0) }
            typed.append(c)
            values.append(contentsOf: c.values)
        }
        guard typed.contains(where: { $0.nulls != nil }) else { return FixedColumn(values: values) }
        var mask = ContiguousArray<Bool>()
        mask.reserveCapacity(rows)
        for c in typed {
            if let nulls = c.nulls { mask.append(contentsOf: nulls) } else { mask.append(contentsOf: repeatElement(false, count: c.count)) }
        }
        return FixedColumn(values: values, nulls: mask)
    }
}

extension ByteColumn {
    static func concat(_ parts: [ByteColumn], rows: Int) throws(OperatorError) -> ByteColumn {
        let total = parts.reduce(0) { $0 + $1.bytes.count }
        guard total <= Int(Int32.max) else { throw .textColumnTooLarge(context: "concat", bytes: total) }
        var result = ByteColumn(reservingRows: rows, bytes: total)
        let needsMask = parts.contains { $0.nulls != nil }
        var mask = ContiguousArray<Bool>()
        if needsMask { mask.reserveCapacity(rows) }
        for part in parts {
            let base = Int32(result.bytes.count)
            result.bytes.append(contentsOf: part.bytes)
            for offset in part.offsets.dropFirst() { result.offsets.append(base + offset) }
            if needsMask {
                if let nulls = part.nulls {
                    mask.append(contentsOf: nulls)
                } else {
                    for row in 0 ..< part.count { mask.append(part.offsets[row] == part.offsets[row + 1]) }
                }
            }
        }
        if needsMask { result.nulls = mask }
        return result
    }
}
