import Columns
import Workers

/// The child half of fact_orders as it accumulates: silver orders summed by (month of
/// order_date, product_code, customer_id), fed batch by batch (e.g. the pieces of one
/// dedup partition) into one hash aggregate, so nothing is summed twice.
///
/// Single owner, like the aggregator it wraps.
public final class ChildMonthlySums {
    private let months: Set<Int32>?
    private let aggregator: HashAggregator

    /// Sums only rows of `months` when given.
    public init(months: Set<Int32>? = nil, budget: MemoryBudget = .unlimited(),
                spillDirectory: SpillDirectory? = nil) throws {
        self.months = months
        aggregator = try HashAggregator(inputSchema: OrdersSilverPlan.monthlySchema, groupBy: ["date", "product_code", "customer_code"],
                                        aggregates: [AggregateExpression(.sum("order_qty"), as: "sold_quantity")],
                                        budget: budget, spillDirectory: spillDirectory)
    }

    /// Adds silver orders rows (`OrdersSchemas.silver`, or at least `FactOrders.silverColumns`).
    public func add(_ batch: RecordBatch) throws {
        guard batch.rowCount > 0 else { return }
        try aggregator.add(try Self.monthlyRows(batch, months: months))
    }

    /// Silver orders rows as (month of order_date, product_code, customer_id as
    /// customer_code, order_qty) — `OrdersSilverPlan.monthlySchema` — only rows of `months`
    /// when given, never one with a NULL date.
    static func monthlyRows(_ batch: RecordBatch, months: Set<Int32>? = nil) throws -> RecordBatch {
        let dates = try batch.date("order_date", in: "silver orders")
        var monthValues = ContiguousArray<Int32>()
        monthValues.reserveCapacity(dates.count)
        var keep: [Bool] = []
        keep.reserveCapacity(dates.count)
        var keepsAll = true
        // Rows come in runs of one date: compute a month once per run.
        var lastDate: Int32?, lastMonth: Int32 = 0
        for row in 0 ..< dates.count {
            let date = dates.values[row]
            if date != lastDate { lastDate = date; lastMonth = CivilDateRule.monthStart(date) }
            monthValues.append(lastMonth)
            let kept = !dates.isNull(row) && (months?.contains(lastMonth) ?? true)
            keep.append(kept)
            keepsAll = keepsAll && kept
        }
        let projected = RecordBatch(schema: OrdersSilverPlan.monthlySchema, columns: [
            .date(FixedColumn(values: monthValues, nulls: dates.nulls)),
            .text(try batch.text("product_code", in: "silver orders")),
            .text(try batch.text("customer_id", in: "silver orders")),
            .int64(try batch.int64("order_qty", in: "silver orders")),
        ])
        return keepsAll ? projected : try projected.filter(keep)
    }

    /// One row per key (`GoldSchemas.factOrders`), in no particular order.
    public func finish() throws -> RecordBatch {
        let groups = try aggregator.finish()
        return try RecordBatch.concat(groups.map { RecordBatch(schema: GoldSchemas.factOrders, columns: $0.columns) },
                                      schema: GoldSchemas.factOrders)
    }
}
