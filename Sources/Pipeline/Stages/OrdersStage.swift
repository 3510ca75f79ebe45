import Columns
import Partition
import SportsBar
import Workers

/// §3.4, the big table, as one plan on every core (`OrdersSilverPlan` under a CSV scan
/// that writes bronze as it reads): rows are cleaned in the scan's consumers, deduplicated
/// in customer-partitioned key tables (which spill past the memory limit), joined with
/// the products, written to silver and summed into the child monthly fact rows; every
/// dropped row is written to quarantine as it is found. Memory stays bounded: the dedup
/// tables are the only state, and a spilled one comes back one spill partition at a time.
enum OrdersStage {
    /// What gold needs from the new silver rows.
    struct Outcome {
        /// Child monthly partial sums (`GoldSchemas.factOrders`) of the new silver rows, per
        /// dedup partition (a key may be in several: gold's plan sums them in parallel);
        /// nil when the batch has no orders files.
        var freshMonthly: MaterializedExec?
        /// Months of the new silver rows.
        var months: Set<Int32>
    }

    static func run(_ context: RunContext, products: ProductLookup) async throws -> Outcome {
        let source = SourceTable.orders
        let files = context.sources.files(source)
        let cleaner = OrdersCleaner(rules: context.options.rules, sourceFiles: SourceFileRanks(files.map(\.relativePath)))
        let bronzeWriter = try context.store.concurrentWriter(LakeCatalog.bronze(source))
        let quarantineWriter = try context.store.concurrentWriter(LakeCatalog.quarantine(source))
        let silverWriter = try context.store.concurrentWriter(LakeCatalog.silverOrders)
        do {
            let bronzeTally = BronzeTally(), tally = OrdersTally()
            let scan = BronzeScan.exec(source, files: files, batchId: context.batchId, options: context.scanOptions,
                                       sink: bronzeWriter, quarantine: quarantineWriter, tally: bronzeTally)
            let store = context.store, workers = context.options.workers, fullRefresh = context.fullRefresh
            let known: DedupExec.KnownKeysSource = {
                try await knownKeys(store, dates: tally.counts.dates, fullRefresh: fullRefresh, workers: workers)
            }
            let plan = try OrdersSilverPlan.plan(
                bronze: scan, cleaner: cleaner, known: known, products: products,
                partitions: max(8, 4 * context.options.workers), tally: tally,
                quarantine: { try quarantineWriter.write(BronzeScan.lakeQuarantine($0, source)) },
                silverSink: { try TableWriteExec($0, table: LakeCatalog.silverOrders.description, writer: silverWriter,
                                                 passThrough: true) })
            let monthly = files.isEmpty ? nil : try await context.materialize(plan, stage: "orders")
            let scanned = bronzeTally.scanned(scan, table: source)
            context.noteScanned(scanned)
            let counts = tally.counts
            var quarantine = scanned.malformedCounts
            quarantine.add(counts.quarantine)
            try context.commit(LakeCatalog.bronze(source), files: bronzeWriter.finish(), mode: .append, operation: "ingest")
            try context.commit(LakeCatalog.silverOrders, files: silverWriter.finish(), mode: .append, operation: "ingest")
            try context.commit(LakeCatalog.quarantine(source), files: quarantineWriter.finish(), mode: .append,
                               operation: "ingest")
            context.flows[source.name] = TableFlow(
                table: source.name, files: files.count, newRecords: scanned.records,
                rowsRead: scanned.malformedRows + counts.rowsRead, silverRows: counts.silverRows, quarantine: quarantine,
                customerRepaired: counts.customerRepaired)
            return Outcome(freshMonthly: monthly, months: counts.months)
        } catch {
            for writer in [bronzeWriter, quarantineWriter, silverWriter] { writer.abort() }
            throw error
        }
    }

    /// Keys of silver rows already in the lake on one of `dates` (a duplicate has the same
    /// order_date): their months' key columns read in parallel, filtered to those dates;
    /// files and row groups whose order_date bounds miss every date are skipped (a new
    /// day's orders read no silver at all).
    private static func knownKeys(_ store: TableStore, dates: Set<Int32>, fullRefresh: Bool,
                                  workers: Int) async throws -> KnownKeys {
        let months = Set(dates.map(CivilDateRule.monthStart))
        guard !months.isEmpty, !fullRefresh else { return try OrdersSilver.emptyKnownKeys() }
        let dateFilter = DaySet(dates)
        let candidates = try await store.readParallel(
            LakeCatalog.silverOrders, columns: OrdersSchemas.dedupKeys, dates: ("order_month", months),
            rowGroups: .or(dates.sorted().map { .equal("order_date", .int32($0)) }), workers: workers
        ) { batches in
            try batches.map { batch in
                let rows = dateFilter.rows(of: try batch.date("order_date", in: "silver orders"))
                // Rows come ascending, so as many as the batch has means all of them.
                return rows.count == batch.rowCount ? batch : try batch.gather(rows)
            }
        }
        return try OrdersSilver.knownKeys(silver: candidates.flatMap { $0 })
    }
}
