import Partition
import SportsBar
import Workers

/// §3.4, the big table, streamed so its memory stays bounded:
/// - inside the parallel scan, each chunk's bronze rows are written, steps 1–3 clean
///   it, the rows they drop are written to quarantine, and the cleaned rows go into a
///   key-partitioned dedup (which spills past the memory limit);
/// - then the dedup partitions are finished in parallel, one at a time per task: rows
///   whose key is already in silver become duplicates, the rest are joined with the
///   products, written to silver and summed into the child monthly fact rows (a spilled
///   partition piece by piece, so memory holds one spill partition per task).
enum OrdersStage {
    /// What gold needs from the new silver rows.
    struct Outcome {
        /// Child monthly partial sums (`GoldSchemas.factOrders`) of the new silver rows, one
        /// per dedup partition (a key may be in several: gold's plan sums them in parallel).
        var freshMonthly: [RecordBatch]
        /// Months of the new silver rows.
        var months: Set<Int32>
    }

    /// Row-local results of one scanned chunk.
    private struct ChunkTally: Sendable {
        var counts = ReasonCounts()
        var customerRepaired = 0
        var rowsRead = 0
        var dates = Set<Int32>()
    }

    /// Results of one finished dedup partition.
    private struct PartitionTally: Sendable {
        var counts = ReasonCounts()
        var silverRows = 0
        var monthly: RecordBatch?
        var months = Set<Int32>()
    }

    static func run(_ context: RunContext, products: ProductLookup) async throws -> Outcome {
        let source = SourceTable.orders
        let files = context.sources.files(source)
        let sourceFiles = SourceFileRanks(files.map(\.relativePath))
        let cleaner = OrdersCleaner(rules: context.options.rules, sourceFiles: sourceFiles)
        let workers = context.options.workers
        let bronzeWriter = try context.store.concurrentWriter(LakeCatalog.bronze(source))
        let quarantineWriter = try context.store.concurrentWriter(LakeCatalog.quarantine(source))
        let silverWriter = try context.store.concurrentWriter(LakeCatalog.silverOrders)
        let dedup = try PartitionedDeduplicator(
            // By customer: each partition's monthly sums then hold customers no other has.
            schema: OrdersSchemas.cleaned, keys: OrdersSchemas.dedupKeys, partitionBy: ["customer_id"],
            order: OrdersSilver.inputOrder,
            partitions: max(8, 4 * workers), budget: context.budget, spillDirectory: context.spill)
        do {
            // Steps 1–3 and bronze, on every core.
            let scanned = try await BronzeScan.scan(source, files: files, batchId: context.batchId,
                                                    options: context.scanOptions, sink: bronzeWriter) { bronze in
                let cleaned = try cleaner.clean(bronze)
                try quarantineWriter.write(BronzeScan.lakeQuarantine(cleaned.quarantine, source))
                try dedup.add(cleaned.rows)
                return ChunkTally(counts: cleaned.counts, customerRepaired: cleaned.customerRepaired,
                                  rowsRead: cleaned.rowsRead, dates: try Self.dates(of: [cleaned.rows]))
            }
            for batch in scanned.malformed { try quarantineWriter.write(batch) }
            context.noteScanned(scanned)
            var counts = ReasonCounts()
            counts.add(scanned.malformedCounts)
            var rowsRead = scanned.malformedRows, customerRepaired = 0, dates = Set<Int32>()
            for tally in scanned.extras {
                counts.add(tally.counts)
                rowsRead += tally.rowsRead
                customerRepaired += tally.customerRepaired
                dates.formUnion(tally.dates)
            }

            // Step 4 across runs: silver rows of the batch's dates whose key may repeat.
            let known = try await knownKeys(context, dates: dates)

            // Steps 4–5 per dedup partition, in parallel; a partition comes back one retained
            // batch at a time (a spilled one, one spill partition at a time), each piece
            // written before the next is made.
            let budget = context.budget, spill = context.spill
            let partitions = try await parallelMap(Array(0 ..< dedup.partitions), workers: workers) { index in
                var tally = PartitionTally()
                let monthly = try ChildMonthlySums(budget: budget, spillDirectory: spill)
                try dedup.finish(partition: index) { piece in
                    let resolved = try OrdersSilver.resolve(piece, known: known, products: products,
                                                            sourceFiles: sourceFiles)
                    for batch in resolved.quarantine { try quarantineWriter.write(BronzeScan.lakeQuarantine(batch, source)) }
                    for batch in resolved.silver { try silverWriter.write(batch) }
                    tally.counts.add(resolved.counts)
                    tally.silverRows += resolved.silverRows
                    for batch in resolved.silver { try monthly.add(batch) }
                    tally.months.formUnion(try FactOrders.touchedMonths(resolved.silver, column: "order_date"))
                }
                tally.monthly = try monthly.finish()
                return tally
            }
            var silverRows = 0, months = Set<Int32>()
            for tally in partitions {
                counts.add(tally.counts)
                silverRows += tally.silverRows
                months.formUnion(tally.months)
            }
            try context.commit(LakeCatalog.bronze(source), files: bronzeWriter.finish(), mode: .append, operation: "ingest")
            try context.commit(LakeCatalog.silverOrders, files: silverWriter.finish(), mode: .append, operation: "ingest")
            try context.commit(LakeCatalog.quarantine(source), files: quarantineWriter.finish(), mode: .append,
                               operation: "ingest")
            context.flows[source.name] = TableFlow(
                table: source.name, files: files.count, newRecords: scanned.records, rowsRead: rowsRead,
                silverRows: silverRows, quarantine: counts, customerRepaired: customerRepaired)
            return Outcome(freshMonthly: partitions.compactMap(\.monthly), months: months)
        } catch {
            for writer in [bronzeWriter, quarantineWriter, silverWriter] { writer.abort() }
            throw error
        }
    }

    /// Keys of silver rows already in the lake on one of `dates` (a duplicate has the same
    /// order_date): their months' key columns read in parallel, filtered to those dates.
    private static func knownKeys(_ context: RunContext, dates: Set<Int32>) async throws -> KnownKeys {
        let months = Set(dates.map(CivilDateRule.monthStart))
        guard !months.isEmpty, !context.fullRefresh else { return try OrdersSilver.emptyKnownKeys() }
        let dateFilter = DaySet(dates)
        let candidates = try await context.store.readParallel(
            LakeCatalog.silverOrders, columns: OrdersSchemas.dedupKeys, dates: ("order_month", months),
            workers: context.options.workers
        ) { batches in
            try batches.map { batch in
                let rows = dateFilter.rows(of: try batch.date("order_date", in: "silver orders"))
                // Rows come ascending, so as many as the batch has means all of them.
                return rows.count == batch.rowCount ? batch : try batch.gather(rows)
            }
        }
        return try OrdersSilver.knownKeys(silver: candidates.flatMap { $0 })
    }

    /// The distinct order dates of cleaned rows.
    static func dates(of batches: [RecordBatch]) throws -> Set<Int32> {
        var dates = Set<Int32>()
        for batch in batches { try batch.date("order_date", in: "cleaned orders").insertDistinct(into: &dates) }
        return dates
    }
}
