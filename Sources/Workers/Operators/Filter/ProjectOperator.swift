import Columns

/// Selects and renames columns (no data is copied: columns are shared copy-on-write buffers).
public struct ProjectOperator: Sendable {
    /// (source column, output name) in output order.
    public let columns: [(source: String, name: String)]

    public init(columns: [String]) {
        self.columns = columns.map { ($0, $0) }
    }

    public init(renaming columns: [(source: String, name: String)]) {
        self.columns = columns
    }

    public func apply(_ batch: RecordBatch) throws(OperatorError) -> RecordBatch {
        let indices = try batch.schema.indices(of: columns.map(\.source))
        var fields = indices.map { batch.schema.fields[$0] }
        for index in fields.indices { fields[index].name = columns[index].name }
        return RecordBatch(schema: Schema(fields), columns: indices.map { batch.columns[$0] })
    }

    /// The named columns of `batch`, in the order given.
    public static func project(_ batch: RecordBatch, _ columns: [String]) throws(OperatorError) -> RecordBatch {
        try batch.project(columns)
    }
}
