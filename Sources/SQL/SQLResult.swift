import Columns
import Workers

/// What a statement returned: its columns and rows (as column batches), and for queries
/// the plan that ran (with each operator's rows, time and spill).
public struct SQLResult: Sendable {
    public let schema: Schema
    public let batches: [RecordBatch]
    /// The executed plan of a query (nil for SHOW / DESCRIBE).
    public let plan: PlanNode?

    public init(schema: Schema, batches: [RecordBatch], plan: PlanNode? = nil) {
        self.schema = schema
        self.batches = batches
        self.plan = plan
    }

    public var rowCount: Int { batches.reduce(0) { $0 + $1.rowCount } }

    /// Column names in order.
    public var columnNames: [String] { schema.fields.map(\.name) }

    /// Every value as text (NULL as nil; dates yyyy-MM-dd, decimals at their scale), row
    /// by row — for small results, tests and printing.
    public func rows() -> [[String?]] {
        var rows: [[String?]] = []
        for batch in batches {
            for row in 0 ..< batch.rowCount {
                rows.append(zip(batch.columns, schema.fields).map { ValueText.string($0, row, type: $1.type) })
            }
        }
        return rows
    }

    /// A result of text columns built from rows (SHOW, DESCRIBE, EXPLAIN).
    static func text(_ names: [String], _ rows: [[String?]]) -> SQLResult {
        let schema = Schema(names.map { Field($0, .text) })
        var columns = names.map { _ in ColumnFactory.TextBuilder(rows: rows.count) }
        for row in rows {
            for (i, value) in row.enumerated() where i < columns.count {
                if let value { columns[i].append(value) } else { columns[i].appendNull() }
            }
        }
        return SQLResult(schema: schema, batches: rows.isEmpty ? [] : [RecordBatch(schema: schema, columns: columns.map(\.result))])
    }
}
