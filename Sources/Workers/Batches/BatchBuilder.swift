import Columns

/// Accumulates rows of one schema picked from other batches, then yields a batch.
///
/// For whole lists of rows prefer `RecordBatch.gather`, which works column by column.
public struct BatchBuilder: Sendable {
    public let schema: Schema
    private var columns: [Column]
    public private(set) var rowCount = 0

    public init(schema: Schema, reservingRows rows: Int = 0) {
        self.schema = schema
        columns = schema.fields.map { Column.empty(of: $0.type, reservingRows: rows) }
    }

    /// Appends row `row` of `batch`, whose columns must be of this builder's kinds.
    public mutating func append(row: Int, of batch: RecordBatch) throws(OperatorError) {
        guard batch.columns.count == columns.count else {
            throw .schemaMismatch(context: "append row", expected: schema, found: batch.schema)
        }
        for index in columns.indices {
            try columns[index].appendValue(from: batch.columns[index], row: row, column: index)
        }
        rowCount += 1
    }

    /// Appends rows `rows` of `batch` in order.
    public mutating func append(rows: some Sequence<Int>, of batch: RecordBatch) throws(OperatorError) {
        for row in rows { try append(row: row, of: batch) }
    }

    /// Appends a row of NULLs (used for outer-join padding).
    public mutating func appendNulls() {
        for index in columns.indices { columns[index].appendNullValue() }
        rowCount += 1
    }

    public var isEmpty: Bool { rowCount == 0 }

    /// Returns the accumulated batch and starts over empty.
    public mutating func finish(reservingRows rows: Int = 0) -> RecordBatch {
        let batch = RecordBatch(schema: schema, columns: columns)
        columns = schema.fields.map { Column.empty(of: $0.type, reservingRows: rows) }
        rowCount = 0
        return batch
    }
}
