import Columns

/// What a silver (or typed parent) step produced from the bronze rows it read.
public struct SilverOutput: Sendable {
    /// The rows that passed, in input order.
    public var rows: RecordBatch
    /// The rows that did not: bronze columns plus `_reason`, in input order.
    public var quarantine: RecordBatch
    public var counts: ReasonCounts
    public var rowsRead: Int

    public init(rows: RecordBatch, quarantine: RecordBatch, counts: ReasonCounts, rowsRead: Int) {
        self.rows = rows
        self.quarantine = quarantine
        self.counts = counts
        self.rowsRead = rowsRead
    }

    /// §5 row conservation: rows read = rows kept + rows in quarantine by reason.
    public var isConserved: Bool {
        rowsRead == rows.rowCount + counts.total && counts.total == quarantine.rowCount
    }
}

/// Bronze input of a small table: all its batches as one, in the table's bronze schema,
/// with row indices in input order (§3: `_source_file` byte order, then `_source_line`).
struct OrderedBronze {
    let table: SourceTable
    let batch: RecordBatch
    let order: [Int]

    init(_ table: SourceTable, _ batches: [RecordBatch]) throws {
        let conformed = try batches.map { try $0.conformed(to: table.bronzeSchema, table: table.name) }
        // The builders read text as String: only valid UTF-8 may reach them (no U+FFFD).
        for batch in conformed { try BronzeTextCheck.check(batch, table) }
        self.table = table
        batch = try RecordBatch.concat(conformed, schema: table.bronzeSchema)
        order = try Lineage.inputOrder(of: batch, table: table.name)
    }

    func text(_ name: String) throws -> ByteColumn { try batch.text(name, in: table.name) }

    /// Quarantine rows in input order.
    func quarantine(_ rejected: [(row: Int, reason: QuarantineReason)]) throws -> (RecordBatch, ReasonCounts) {
        var counts = ReasonCounts()
        for item in rejected { counts.add(item.reason) }
        let rows = try QuarantineRows.make(table: table, bronze: batch, rows: rejected.map(\.row),
                                           reasons: rejected.map(\.reason))
        return (rows, counts)
    }
}
