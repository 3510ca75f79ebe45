import Partition
import SportsBar
import Workers

/// §3.4, the big table: steps 1–3 run inside the parallel scan, dedup (against this
/// batch and the silver months it can collide with) and the product join after it.
enum OrdersStage {
    /// Returns the new silver rows.
    static func run(_ context: RunContext, products: ProductLookup) async throws -> [RecordBatch] {
        let source = SourceTable.orders
        let files = context.sources.files(source)
        let cleaner = OrdersCleaner(rules: context.options.rules)
        // Bronze rows are written by the scan tasks as they are read, on every core.
        let bronzeWriter = try context.store.concurrentWriter(LakeCatalog.bronze(source))
        let scanned: ScannedSource<CleanedOrders>
        do {
            scanned = try await BronzeScan.scan(source, files: files, batchId: context.batchId, options: context.scanOptions,
                                                sink: bronzeWriter) { bronze in try cleaner.clean(bronze) }
        } catch {
            bronzeWriter.abort()
            throw error
        }
        context.recordsPerFile.merge(scanned.recordsPerFile) { $0 + $1 }
        try context.commit(LakeCatalog.bronze(source), files: bronzeWriter.finish(), mode: .append, operation: "ingest")

        // A duplicate has the same order_date, so only silver rows of the batch's dates can
        // be one: read their months' key columns in parallel, keep the rows of those dates.
        let cleaned = scanned.extras.map(\.rows)
        let months = try FactOrders.touchedMonths(cleaned, column: "order_date")
        let dates = try Self.dates(of: cleaned)
        let silver = LakeCatalog.silverOrders
        let candidates = months.isEmpty || context.fullRefresh ? [] : try await context.store.readParallel(
            silver, columns: OrdersSchemas.dedupKeys, dates: ("order_month", months), workers: context.options.workers
        ) { batches in
            try batches.map { batch in
                let days = try batch.date("order_date", in: "silver orders")
                return try batch.filter((0 ..< batch.rowCount).map { !days.isNull($0) && dates.contains(days.values[$0]) })
            }
        }
        let known = try OrdersSilver.knownKeys(silver: candidates.flatMap { $0 })
        let output = try OrdersSilver.finish(scanned.extras, known: known, products: products,
                                             budget: context.budget, spillDirectory: context.spill)

        try await context.writeConcurrently(silver, output.silver, mode: .append, operation: "ingest")
        try await context.writeConcurrently(
            LakeCatalog.quarantine(source),
            scanned.malformed + output.quarantine.map { try BronzeScan.lakeQuarantine($0, source) },
            mode: .append, operation: "ingest")
        var counts = output.counts
        counts.add(.malformedRow, scanned.malformedRows)
        context.flows[source.name] = TableFlow(
            table: source.name, files: files.count, newRecords: scanned.records,
            rowsRead: output.rowsRead + scanned.malformedRows, silverRows: output.silverRows,
            quarantine: counts, customerRepaired: output.customerRepaired)
        return output.silver
    }

    /// The distinct order dates of cleaned rows.
    static func dates(of batches: [RecordBatch]) throws -> Set<Int32> {
        var dates = Set<Int32>()
        for batch in batches {
            let days = try batch.date("order_date", in: "cleaned orders")
            for row in 0 ..< batch.rowCount where !days.isNull(row) { dates.insert(days.values[row]) }
        }
        return dates
    }
}
