import Columns
import Workers

/// §4 fact_orders months as a plan that runs on every core:
///
///     SortExec [key]                                  one sorted run per partition
///       ProjectionExec (fact columns)
///         KeyedOverrideExec [key]                     child rows stream through; a parent row
///           ProjectionExec (+ _rank 0)                only where no child row has its key,
///             HashAggregateExec final sum(sold_quantity)  the latest parent first by _rank
///               RepartitionExec hash [key]          the shuffle of the child partial sums
///                 <child partials>
///           RepartitionExec hash [key]
///             MemoryExec (parent rows, ranked latest first)
///
/// The child partials are sums over parts of silver (per dedup partition of this run, and
/// those earlier runs kept in `state/orders_monthly`), so a key's parts add up wherever they
/// were computed. When they are already complete — one row per key, hash-partitioned on
/// some of the keys (a backfill's sums straight from the orders plan) — the shuffle and the
/// final aggregate are left out and the parent rows are repartitioned to match them.
/// Output: `GoldSchemas.factOrders`, each key in exactly one partition.
public enum FactOrdersPlan {
    public static let keys = ["date", "product_code", "customer_code"]
    static let rank = "_rank"

    /// - childPartials: rows of `GoldSchemas.factOrders` (partial monthly sums).
    /// - complete: the partials are complete sums, one row per key (taken as they are when
    ///   their partitioning holds each key in one partition).
    /// - parent: typed parent fact rows (`ParentTable.factOrders.typedSchema`), all batches so far.
    /// - months: only these months (nil: all).
    /// - keepingSums: wraps the complete child sums (e.g. in a pass-through sink that keeps
    ///   them as the state later runs add to).
    public static func plan(childPartials: any ExecutionPlan, complete: Bool = false, parent: RecordBatch,
                            months: Set<Int32>?, partitions: Int,
                            keepingSums: ((any ExecutionPlan) throws -> any ExecutionPlan)? = nil) throws -> any ExecutionPlan {
        let schema = GoldSchemas.factOrders
        guard childPartials.schema == schema else {
            throw OperatorError.schemaMismatch(context: "fact_orders child partials", expected: schema, found: childPartials.schema)
        }
        let inputs = inMonths(childPartials, months)
        let aggregated: any ExecutionPlan
        if complete, inputs.outputPartitioning.groups(keys, partitionCount: inputs.partitionCount),
           case .hash = inputs.outputPartitioning {
            aggregated = inputs
        } else {
            aggregated = try HashAggregateExec(
                .final, RepartitionExec(inputs, keys: keys, partitions: partitions),
                groupBy: keys, aggregates: [AggregateExpression(.sum("sold_quantity"), as: "sold_quantity")],
                rawInputSchema: schema)
        }
        let sums = try keepingSums?(aggregated) ?? aggregated
        let rankedSchema = Schema(schema.fields + [Field(rank, .int64, nullable: false)])
        let child = ProjectionExec(sums, schema: rankedSchema, "+ _rank 0 (child rows win)",
                                   partitioning: sums.outputPartitioning.renamed([:], keeping: rankedSchema)) { batch in
            RecordBatch(schema: rankedSchema, columns: batch.columns
                + [.int64(FixedColumn(values: ContiguousArray(repeating: 0, count: batch.rowCount)))])
        }
        // The parent rows go where a child row of their key is (same hash, same count).
        let parentKeys: [String], parentPartitions: Int
        if case let .hash(columns, count) = aggregated.outputPartitioning {
            (parentKeys, parentPartitions) = (columns, count)
        } else {
            (parentKeys, parentPartitions) = (keys, aggregated.partitionCount)
        }
        let parentRows = try RepartitionExec(MemoryExec([try ranked(parent, months: months, schema: rankedSchema)],
                                                        schema: rankedSchema),
                                             keys: parentKeys, partitions: parentPartitions)
        // The final aggregate's rows are distinct by key: only the few parent rows need a table.
        let winners = try KeyedOverrideExec(preferred: child, fallback: parentRows, keys: keys,
                                            fallbackOrder: [SortKey(rank)])
        return try SortExec(ProjectionExec(winners, columns: schema.fields.map(\.name)), keys: keys.map { SortKey($0) })
    }

    /// Child partial rows of `months` (all when nil; a NULL date never).
    private static func inMonths(_ input: any ExecutionPlan, _ months: Set<Int32>?) -> any ExecutionPlan {
        FilterExec(input, months.map { "date in \($0.count) months" } ?? "date is not null") { batch in
            let dates = try batch.date("date", in: "child monthly")
            var keep = ContiguousArray<Bool>()
            keep.reserveCapacity(batch.rowCount)
            // Partial rows come in runs of one month: look each run up once.
            var lastDate: Int32?, lastKept = false
            for row in 0 ..< batch.rowCount {
                let date = dates.values[row]
                if date != lastDate {
                    lastDate = date
                    lastKept = months?.contains(CivilDateRule.monthStart(date)) ?? true
                }
                keep.append(lastKept && !dates.isNull(row))
            }
            return keep
        }
    }

    /// Parent rows of `months`, latest first (`_batch_id`, `_source_file`, `_source_line`
    /// descending: the last upsert wins), with their rank 1, 2, … after the child rows.
    private static func ranked(_ parent: RecordBatch, months: Set<Int32>?, schema: Schema) throws -> RecordBatch {
        let table = "parent fact_orders"
        let dates = try parent.date("date", in: table)
        let inMonths = try KeyedUnion.latestFirst(parent, table: table).filter { row in
            guard let months else { return true }
            return !dates.isNull(row) && months.contains(CivilDateRule.monthStart(dates.values[row]))
        }
        let rows = try parent.gather(inMonths).conformed(to: GoldSchemas.factOrders, table: table)
        let ranks = FixedColumn<Int64>(values: ContiguousArray((0 ..< rows.rowCount).map { Int64($0 + 1) }))
        return RecordBatch(schema: schema, columns: rows.columns + [.int64(ranks)])
    }
}
