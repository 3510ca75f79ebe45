import Columns
import Workers

/// §3.4 for the bronze rows of one batch, as a plan that runs on every core:
///
///     ProjectionExec (GoldSchemas.factOrders)
///       HashAggregateExec single sum(order_qty) by (month, product_code, customer_id)
///         ProjectionExec (monthly rows)
///           <silver sink>                         e.g. a pass-through write of silver orders
///             ProjectionExec (step 5: join products; unknown product → quarantine)
///               DedupExec (step 4) hash [customer_id], minus the keys already in silver
///                 ProjectionExec (steps 1–3: clean; dropped rows → quarantine)
///                   <bronze>
///
/// The dedup is partitioned by customer, so each partition's monthly sums hold customers
/// no other partition has: its sums are complete for this batch's rows, and the output says
/// so (`OutputPartitioning.hash` on customer_code): gold adds them to the months' earlier
/// sums, or takes them as they are for a month without any. Quarantined rows leave through `quarantine` as they are made;
/// every count goes to `tally`.
public enum OrdersSilverPlan {
    public static let monthlySchema = Schema([
        Field("date", .date), Field("product_code", .text), Field("customer_code", .text), Field("order_qty", .int64),
    ])

    /// - bronze: bronze orders rows (`SourceTable.orders.bronzeSchema` plus lineage).
    /// - known: the keys already in silver, looked up once the input is read (nil: none).
    /// - quarantine: receives quarantine rows (`SourceTable.orders.quarantineSchema`).
    /// - silverSink: wraps the silver rows' plan (`OrdersSchemas.silver`), e.g. in a write.
    public static func plan(bronze: any ExecutionPlan, cleaner: OrdersCleaner, known: DedupExec.KnownKeysSource?,
                            products: ProductLookup, partitions: Int, tally: OrdersTally,
                            quarantine: @escaping @Sendable (RecordBatch) throws -> Void,
                            silverSink: (any ExecutionPlan) throws -> any ExecutionPlan = { $0 }) throws -> any ExecutionPlan {
        let sourceFiles = cleaner.sourceFiles
        let cleaned = ProjectionExec(bronze, schema: OrdersSchemas.cleaned, "steps 1–3: clean; dropped rows → quarantine") { batch in
            let cleaned = try cleaner.clean(batch)
            if cleaned.quarantine.rowCount > 0 { try quarantine(cleaned.quarantine) }
            var dates = Set<Int32>()
            try cleaned.rows.date("order_date", in: "cleaned orders").insertDistinct(into: &dates)
            tally.add {
                $0.rowsRead += cleaned.rowsRead
                $0.quarantine.add(cleaned.counts)
                $0.customerRepaired += cleaned.customerRepaired
                $0.dates.formUnion(dates)
            }
            return cleaned.rows
        }
        let deduplicated = try DedupExec(
            cleaned, keys: OrdersSchemas.dedupKeys, order: OrdersSilver.inputOrder,
            partitioning: .hash(columns: ["customer_id"], partitions: partitions),
            duplicates: { _, duplicates in
                try quarantine(try OrdersSilver.quarantine(duplicates, reason: .duplicate, sourceFiles: sourceFiles))
                tally.add { $0.quarantine.add(.duplicate, duplicates.rowCount) }
            },
            known: known)
        let join = try products.join(probeSchema: OrdersSchemas.cleaned)
        // The projections keep customer_id (renamed customer_code for the fact rows): rows stay
        // where the dedup's shuffle put them, so the monthly sums need no shuffle of their own.
        let joined = ProjectionExec(deduplicated, schema: OrdersSchemas.silver, "step 5: join products; unknown → quarantine",
                                    partitioning: deduplicated.outputPartitioning.renamed([:], keeping: OrdersSchemas.silver)) { kept in
            let joined = try join.probe(kept)
            if joined.unmatched.rowCount > 0 {
                try quarantine(try OrdersSilver.quarantine(joined.unmatched, reason: .unknownProduct, sourceFiles: sourceFiles))
                tally.add { $0.quarantine.add(.unknownProduct, joined.unmatched.rowCount) }
            }
            return try OrdersSilver.silverRows(joined.joined, sourceFiles: sourceFiles)
        }
        let silver = try silverSink(joined)
        let monthly = ProjectionExec(silver, schema: monthlySchema, "monthly rows",
                                     partitioning: silver.outputPartitioning.renamed(["customer_id": "customer_code"],
                                                                                     keeping: monthlySchema)) { silver in
            var months = Set<Int32>()
            try silver.date("order_month", in: "silver orders").insertDistinct(into: &months)
            tally.add {
                $0.silverRows += silver.rowCount
                $0.months.formUnion(months)
            }
            return try ChildMonthlySums.monthlyRows(silver)
        }
        // Complete sums per partition where the rows are still where the dedup put them;
        // partial ones (gold's final aggregate completes them) if the sink moved them.
        let complete = monthly.outputPartitioning.groups(FactOrdersPlan.keys, partitionCount: monthly.partitionCount)
        let sums = try HashAggregateExec(complete ? .single : .partial, monthly, groupBy: FactOrdersPlan.keys,
                                         aggregates: [AggregateExpression(.sum("order_qty"), as: "sold_quantity")])
        return ProjectionExec(sums, schema: GoldSchemas.factOrders, "as fact_orders rows",
                              partitioning: sums.outputPartitioning) {
            RecordBatch(schema: GoldSchemas.factOrders, columns: $0.columns)
        }
    }
}
