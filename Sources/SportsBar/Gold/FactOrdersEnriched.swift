import Columns
import Synchronization
import Workers

/// §4 fact_orders_enriched: every fact row LEFT JOIN dim_date (on month),
/// dim_customers, dim_products, dim_gross_price (on product_code and year).
public enum FactOrdersEnriched {
    public struct Output: Sendable {
        /// `GoldSchemas.factOrdersEnriched`, in the order of the fact rows.
        public var rows: RecordBatch
        /// Rows whose total_amount_inr does not fit DECIMAL(18,2) (left NULL).
        public var overflowedTotals: Int
    }

    /// The gold dimensions the fact rows are joined with.
    public struct Dimensions: Sendable {
        public var date, customers, products, grossPrice: RecordBatch
        public init(date: RecordBatch, customers: RecordBatch, products: RecordBatch, grossPrice: RecordBatch) {
            (self.date, self.customers, self.products, self.grossPrice) = (date, customers, products, grossPrice)
        }
    }

    /// Enriches `fact` (all of gold fact_orders, or just the months being recomputed), in
    /// one task: the plan of `plan(fact:dimensions:)` over one in-memory partition.
    public static func build(fact: RecordBatch, dimDate: RecordBatch, dimCustomers: RecordBatch,
                             dimProducts: RecordBatch, dimGrossPrice: RecordBatch) async throws -> Output {
        let dimensions = Dimensions(date: dimDate, customers: dimCustomers, products: dimProducts, grossPrice: dimGrossPrice)
        let input = MemoryExec([try fact.conformed(to: GoldSchemas.factOrders, table: "gold fact_orders")],
                               schema: GoldSchemas.factOrders)
        let counter = OverflowCounter()
        let batches = try await PlanExecution.collect(try plan(fact: input, dimensions: dimensions, overflowed: counter),
                                                      context: TaskContext(workers: 1))
        return Output(rows: try RecordBatch.concat(batches, schema: GoldSchemas.factOrdersEnriched),
                      overflowedTotals: counter.count)
    }

    /// The enrichment of every batch of `fact` (`GoldSchemas.factOrders`), partition by
    /// partition: join keys, four broadcast left joins with the (small) dimensions, then
    /// total_amount_inr. Output `GoldSchemas.factOrdersEnriched`, in the fact rows' order.
    public static func plan(fact: any ExecutionPlan, dimensions: Dimensions,
                            overflowed: OverflowCounter? = nil) throws -> any ExecutionPlan {
        let keyed = try withJoinKeys(fact)
        var rows = try leftJoin(keyed, dimensions.date, build: ["month_start_date"], probe: ["_month"],
                                carry: ["date_key", "year", "month_name", "month_short_name", "quarter", "year_quarter"])
        rows = try leftJoin(rows, dimensions.customers, build: ["customer_code"], probe: ["customer_code"],
                            carry: ["customer", "market", "platform", "channel"])
        rows = try leftJoin(rows, dimensions.products, build: ["product_code"], probe: ["product_code"],
                            carry: ["division", "category", "product", "variant"])
        rows = try leftJoin(rows, dimensions.grossPrice, build: ["product_code", "year"], probe: ["product_code", "_year"],
                            carry: ["price_inr"])
        let names = GoldSchemas.factOrdersEnriched.fields.dropLast().map(\.name)
        let indices = try rows.schema.indices(of: names)
        return ProjectionExec(rows, schema: GoldSchemas.factOrdersEnriched, "named columns, total_amount_inr = sold_quantity * price_inr") { batch in
            let (totals, overflow) = try totalAmounts(batch)
            overflowed?.add(overflow)
            return RecordBatch(schema: GoldSchemas.factOrdersEnriched,
                               columns: batch.project(indices: indices).columns + [.decimal(totals)])
        }
    }

    /// Totals that overflowed, summed over the partitions of a run.
    public final class OverflowCounter: Sendable {
        private let value = Mutex(0)
        public init() {}
        public var count: Int { value.withLock { $0 } }
        func add(_ rows: Int) { if rows > 0 { value.withLock { $0 += rows } } }
    }

    /// The fact rows plus `_month` (month start of `date`) and `_year` (its year), the
    /// join keys of dim_date and dim_gross_price.
    private static func withJoinKeys(_ fact: any ExecutionPlan) throws -> any ExecutionPlan {
        let schema = Schema(GoldSchemas.factOrders.fields + [Field("_month", .date), Field("_year", .int32)])
        return ProjectionExec(fact, schema: schema, "+ _month, _year of date") { batch in
            let dates = try batch.date("date", in: "gold fact_orders")
            var months = ContiguousArray<Int32>(), years = ContiguousArray<Int32>()
            months.reserveCapacity(dates.count)
            years.reserveCapacity(dates.count)
            for day in dates.values {
                months.append(CivilDateRule.monthStart(day))
                years.append(Int32(CivilDateRule.year(day)))
            }
            return RecordBatch(schema: schema, columns: batch.columns + [.date(FixedColumn(values: months, nulls: dates.nulls)),
                                                                          .int32(FixedColumn(values: years, nulls: dates.nulls))])
        }
    }

    private static func leftJoin(_ probe: any ExecutionPlan, _ dimension: RecordBatch, build: [String], probe probeKeys: [String],
                                 carry: [String]) throws -> any ExecutionPlan {
        try HashJoinExec(.broadcast, .leftOuter, build: MemoryExec([dimension], schema: dimension.schema), probe: probe,
                         on: Array(zip(build, probeKeys)).map { (build: $0.0, probe: $0.1) }, buildColumns: carry)
    }

    /// sold_quantity × price_inr as DECIMAL(18,2); NULL when either is NULL or it overflows.
    private static func totalAmounts(_ rows: RecordBatch) throws -> (FixedColumn<Int64>, Int) {
        let quantities = try rows.int64("sold_quantity", in: "fact_orders_enriched")
        let prices = try rows.money("price_inr", in: "fact_orders_enriched")
        var totals = FixedColumn<Int64>(reservingRows: rows.rowCount)
        var overflowed = 0
        for row in 0 ..< rows.rowCount {
            guard let quantity = quantities.value(row), let price = prices.value(row) else {
                totals.appendNull()
                continue
            }
            let (product, overflow) = quantity.multipliedReportingOverflow(by: price)
            if overflow || product.magnitude >= 1_000_000_000_000_000_000 {
                overflowed += 1
                totals.appendNull()
            } else {
                totals.append(product)
            }
        }
        return (totals, overflowed)
    }
}
