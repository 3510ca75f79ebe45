import Columns
import Partition
import Workers

/// The pieces of steps 4–5 of §3.4 (`OrdersSilverPlan` wires them): the keys already in
/// silver, the order that picks a key's first row, and the rows that leave for silver or
/// quarantine.
public enum OrdersSilver {
    /// The keys already in silver orders (stored batches of `OrdersSchemas.silver`, or any
    /// batches holding the dedup key columns with the same types).
    public static func knownKeys(silver: [RecordBatch]) throws -> KnownKeys {
        var known = try emptyKnownKeys()
        for batch in silver { try known.insert(batch, keys: OrdersSchemas.dedupKeys) }
        return known
    }

    public static func emptyKnownKeys() throws -> KnownKeys {
        let encoder = try RowEncoder(schema: OrdersSchemas.cleaned, columns: OrdersSchemas.dedupKeys)
        return KnownKeys(keyTypes: encoder.fields.map(\.type))
    }

    /// The order of input rows (§3): by `_source_file` (its rank: the same order), then `_source_line`.
    public static let inputOrder = [SortKey(Lineage.sourceFileRank), SortKey(Lineage.sourceLine)]

    /// Silver columns of joined rows, plus `order_month`.
    static func silverRows(_ joined: RecordBatch, sourceFiles: SourceFileRanks) throws -> RecordBatch {
        let table = "silver orders"
        let dates = try joined.date("order_date", in: table)
        var months = ContiguousArray<Int32>()
        months.reserveCapacity(dates.count)
        for day in dates.values { months.append(CivilDateRule.monthStart(day)) }
        let columns = try leaving(joined, OrdersSchemas.silver.fields.dropLast().map(\.name), sourceFiles: sourceFiles,
                                  table: table)
        return RecordBatch(schema: OrdersSchemas.silver, columns: columns + [.date(FixedColumn(values: months))])
    }

    /// Cleaned rows back in their bronze form, with `reason`.
    static func quarantine(_ cleaned: RecordBatch, reason: QuarantineReason,
                           sourceFiles: SourceFileRanks) throws -> RecordBatch {
        let rawColumns = try leaving(cleaned, OrdersSchemas.quarantineSources, sourceFiles: sourceFiles,
                                     table: "orders quarantine")
        var reasons = ByteColumn(reservingRows: cleaned.rowCount)
        for _ in 0 ..< cleaned.rowCount { reasons.append(reason.rawValue.utf8) }
        return RecordBatch(schema: SourceTable.orders.quarantineSchema, columns: rawColumns + [.text(reasons)])
    }

    /// Columns `names` of held rows as they leave for a table: `_source_file` rebuilt from
    /// the rows' file ranks, the rest as they are.
    private static func leaving(_ rows: RecordBatch, _ names: [String], sourceFiles: SourceFileRanks,
                                table: String) throws -> [Column] {
        try names.map { name in
            if name == Lineage.sourceFile {
                return .text(try sourceFiles.paths(of: try rows.int64(Lineage.sourceFileRank, in: table), table: table))
            }
            guard let column = rows.column(named: name) else {
                throw SportsBarError.missingColumn(table: table, column: name, available: rows.schema.fields.map(\.name))
            }
            return column
        }
    }
}
