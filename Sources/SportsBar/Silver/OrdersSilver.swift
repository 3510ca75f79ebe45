import Partition
import Workers

/// Steps 4–5 of §3.4 over all cleaned chunks of a batch: dedup across the whole silver
/// table (earlier batches through `known`), then the inner join with the products.
public enum OrdersSilver {
    /// Silver orders of one batch, with everything the run report needs.
    public struct Output: Sendable {
        /// New silver rows (`OrdersSchemas.silver`); in input order unless dedup spilled.
        public var silver: [RecordBatch]
        /// Every quarantined row of the batch (steps 1–5), `SourceTable.orders.quarantineSchema`.
        public var quarantine: [RecordBatch]
        public var counts: ReasonCounts
        public var customerRepaired: Int
        public var rowsRead: Int

        public var silverRows: Int { silver.reduce(0) { $0 + $1.rowCount } }
        public var quarantineRows: Int { quarantine.reduce(0) { $0 + $1.rowCount } }

        /// §5: rows read = silver + quarantine by reason.
        public var isConserved: Bool {
            rowsRead == silverRows + counts.total && counts.total == quarantineRows
        }
    }

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

    /// Steps 4 and 5 for all chunks of one batch (chunks in any order: dedup orders rows
    /// by `_source_file`, `_source_line` itself). `known` holds the keys of rows already in
    /// silver; a row with such a key is a duplicate. Dedup spills past `budget` when given
    /// a `spillDirectory`.
    public static func finish(_ chunks: [CleanedOrders], known: KnownKeys?, products: ProductLookup,
                              sourceFiles: SourceFileRanks, budget: MemoryBudget = .unlimited(),
                              spillDirectory: SpillDirectory? = nil) throws -> Output {
        var output = Output(silver: [], quarantine: [], counts: ReasonCounts(), customerRepaired: 0, rowsRead: 0)
        for chunk in chunks {
            output.rowsRead += chunk.rowsRead
            output.customerRepaired += chunk.customerRepaired
            output.counts.add(chunk.counts)
            if chunk.quarantine.rowCount > 0 { output.quarantine.append(chunk.quarantine) }
        }
        // Step 4.
        let dedup = try Deduplicator(schema: OrdersSchemas.cleaned, keys: OrdersSchemas.dedupKeys,
                                     order: inputOrder, known: known, budget: budget, spillDirectory: spillDirectory)
        for chunk in chunks where chunk.rows.rowCount > 0 { try dedup.add(chunk.rows) }
        let resolved = try resolve(dedup.finish(), known: nil, products: products, sourceFiles: sourceFiles)
        output.silver = resolved.silver
        output.quarantine += resolved.quarantine
        output.counts.add(resolved.counts)
        return output
    }

    /// The order of input rows (§3): by `_source_file` (its rank: the same order), then `_source_line`.
    public static let inputOrder = [SortKey(Lineage.sourceFileRank), SortKey(Lineage.sourceLine)]

    /// Steps 4 (its cross-run half) and 5 for one dedup result (e.g. one key partition):
    /// kept rows whose key is in `known` (already in silver) become duplicates too, the
    /// rest are joined with the products. Only `silver`, `quarantine` and `counts` are
    /// filled (the row-local counts come from the cleaned chunks).
    public static func resolve(_ deduplicated: DedupResult, known: KnownKeys?, products: ProductLookup,
                               sourceFiles: SourceFileRanks) throws -> Output {
        var output = Output(silver: [], quarantine: [], counts: ReasonCounts(), customerRepaired: 0, rowsRead: 0)
        var kept: [RecordBatch] = []
        var duplicates = deduplicated.duplicates
        for batch in deduplicated.kept where batch.rowCount > 0 {
            guard let known, known.count > 0 else { kept.append(batch); continue }
            let seen = try known.contains(rowsOf: batch, keys: OrdersSchemas.dedupKeys)
            guard seen.contains(true) else { kept.append(batch); continue }
            duplicates.append(try batch.filter(seen))
            kept.append(try batch.filter(seen.map { !$0 }))
        }
        for batch in duplicates where batch.rowCount > 0 {
            output.quarantine.append(try quarantine(batch, reason: .duplicate, sourceFiles: sourceFiles))
            output.counts.add(.duplicate, batch.rowCount)
        }
        // Step 5.
        let join = try products.join(probeSchema: OrdersSchemas.cleaned)
        for batch in kept where batch.rowCount > 0 {
            let joined = try join.probe(batch)
            if joined.unmatched.rowCount > 0 {
                output.quarantine.append(try quarantine(joined.unmatched, reason: .unknownProduct, sourceFiles: sourceFiles))
                output.counts.add(.unknownProduct, joined.unmatched.rowCount)
            }
            if joined.joined.rowCount > 0 { output.silver.append(try silverRows(joined.joined, sourceFiles: sourceFiles)) }
        }
        return output
    }

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
