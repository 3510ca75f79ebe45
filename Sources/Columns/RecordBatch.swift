/// A named, typed column in a schema.
public struct Field: Sendable, Equatable, Hashable {
    public var name: String
    public var type: ColumnType
    public var nullable: Bool

    public init(_ name: String, _ type: ColumnType, nullable: Bool = true) {
        self.name = name
        self.type = type
        self.nullable = nullable
    }
}

public struct Schema: Sendable, Equatable, Hashable {
    public var fields: [Field]
    public init(_ fields: [Field]) { self.fields = fields }
    public var count: Int { fields.count }
    public func index(of name: String) -> Int? { fields.firstIndex { $0.name == name } }
}

/// A horizontal slice of a table held as column buffers: the unit every operator
/// consumes and produces.
public struct RecordBatch: Sendable, Equatable {
    public var schema: Schema
    public var columns: [Column]

    public init(schema: Schema, columns: [Column]) {
        precondition(schema.count == columns.count, "schema and columns disagree")
        self.schema = schema
        self.columns = columns
    }

    /// An empty batch of `schema`.
    public init(empty schema: Schema, reservingRows rows: Int = 0) {
        self.schema = schema
        self.columns = schema.fields.map { Column.empty(of: $0.type, reservingRows: rows) }
    }

    public var rowCount: Int { columns.first?.count ?? 0 }

    public func column(named name: String) -> Column? {
        schema.index(of: name).map { columns[$0] }
    }
}
