import Columns
import Workers

/// §4 fact_orders at monthly grain. Child rows = silver orders summed by (month,
/// product_code, customer_id); parent rows as typed. Key (date, product_code,
/// customer_code): child rows overwrite parent rows, the last parent row wins among parents.
///
/// Incremental runs pass `months` (the months the batch touched, `touchedMonths`) and
/// replace just those `date` partitions with the result: every month is a function of
/// all silver and parent rows of that month, so one day at a time equals all at once.
public enum FactOrders {
    /// The silver orders columns `childMonthly` reads.
    public static let silverColumns = ["order_date", "product_code", "customer_id", "order_qty"]

    /// Child monthly rows (`GoldSchemas.factOrders`) from silver orders; only `months` when given.
    public static func childMonthly(silverOrders: [RecordBatch], months: Set<Int32>? = nil,
                                    budget: MemoryBudget = .unlimited(),
                                    spillDirectory: SpillDirectory? = nil) throws -> RecordBatch {
        let sums = try ChildMonthlySums(months: months, budget: budget, spillDirectory: spillDirectory)
        for batch in silverOrders { try sums.add(batch) }
        return try sums.finish()
    }

    /// Merges child monthly rows computed over parts of silver (e.g. one per file, in
    /// parallel) into one row per key: sold_quantity is a sum, so parts add up.
    public static func mergeMonthly(_ parts: [RecordBatch], budget: MemoryBudget = .unlimited(),
                                    spillDirectory: SpillDirectory? = nil) throws -> RecordBatch {
        let aggregator = try HashAggregator(inputSchema: GoldSchemas.factOrders, groupBy: ["date", "product_code", "customer_code"],
                                            aggregates: [AggregateExpression(.sum("sold_quantity"), as: "sold_quantity")],
                                            budget: budget, spillDirectory: spillDirectory)
        for part in parts where part.rowCount > 0 {
            try aggregator.add(try part.conformed(to: GoldSchemas.factOrders, table: "child monthly"))
        }
        return try RecordBatch.concat(try aggregator.finish().map { RecordBatch(schema: GoldSchemas.factOrders, columns: $0.columns) },
                                      schema: GoldSchemas.factOrders)
    }

    /// Gold fact_orders (sorted by key) from the child monthly rows and the typed parent
    /// fact rows (`ParentTable.factOrders.typedSchema`, all batches so far); only `months`
    /// when given (pass the same set to `childMonthly`). In one task: `FactOrdersPlan`
    /// over one in-memory partition.
    public static func build(parent: RecordBatch, childMonthly: RecordBatch,
                             months: Set<Int32>? = nil) async throws -> RecordBatch {
        let child = MemoryExec([try childMonthly.conformed(to: GoldSchemas.factOrders, table: "child monthly")],
                               schema: GoldSchemas.factOrders)
        let plan = try FactOrdersPlan.plan(childPartials: child, parent: parent, months: months, partitions: 1)
        return try RecordBatch.concat(try await PlanExecution.collect(plan, context: TaskContext(workers: 1)),
                                      schema: GoldSchemas.factOrders)
    }

    /// `existing` gold rows outside `months`, plus `recomputed` (the rows of `months`
    /// from `build(…, months:)`), sorted by key: the in-memory form of replacing the
    /// touched `date` partitions.
    public static func replacingMonths(_ months: Set<Int32>, in existing: RecordBatch,
                                       with recomputed: RecordBatch) throws -> RecordBatch {
        let table = "gold fact_orders"
        let kept = try existing.conformed(to: GoldSchemas.factOrders, table: table)
        let dates = try kept.date("date", in: table)
        let outside = (0 ..< kept.rowCount).filter {
            dates.isNull($0) || !months.contains(CivilDateRule.monthStart(dates.values[$0]))
        }
        var candidates = KeyedUnion.Candidates(schema: GoldSchemas.factOrders)
        try candidates.add(recomputed, table: table)
        try candidates.add(kept, rows: outside, table: table)
        return try KeyedUnion.resolve(candidates, keys: ["date", "product_code", "customer_code"])
    }

    /// First days of the months of the `column` dates of `batches` (e.g. a batch's new
    /// silver orders by `order_date`, its new parent rows by `date`): the fact months an
    /// incremental run recomputes.
    public static func touchedMonths(_ batches: [RecordBatch], column: String) throws -> Set<Int32> {
        var days = Set<Int32>()
        for batch in batches { try batch.date(column, in: "touched months").insertDistinct(into: &days) }
        return Set(days.map(CivilDateRule.monthStart))
    }

    /// Rows whose `date` falls in one of `months` (all rows when nil; a NULL date only then).
    private static func rows(of batch: RecordBatch, in months: Set<Int32>?, table: String) throws -> [Int] {
        guard let months else { return Array(0 ..< batch.rowCount) }
        let dates = try batch.date("date", in: table)
        return (0 ..< batch.rowCount).filter { !dates.isNull($0) && months.contains(CivilDateRule.monthStart(dates.values[$0])) }
    }
}
