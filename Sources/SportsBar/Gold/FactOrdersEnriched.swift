import Partition
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

    /// Enriches `fact` (all of gold fact_orders, or just the months being recomputed).
    public static func build(fact: RecordBatch, dimDate: RecordBatch, dimCustomers: RecordBatch,
                             dimProducts: RecordBatch, dimGrossPrice: RecordBatch) throws -> Output {
        var rows = try withJoinKeys(fact.conformed(to: GoldSchemas.factOrders, table: "gold fact_orders"))
        rows = try leftJoin(rows, dimDate, build: ["month_start_date"], probe: ["_month"],
                            carry: ["date_key", "year", "month_name", "month_short_name", "quarter", "year_quarter"])
        rows = try leftJoin(rows, dimCustomers, build: ["customer_code"], probe: ["customer_code"],
                            carry: ["customer", "market", "platform", "channel"])
        rows = try leftJoin(rows, dimProducts, build: ["product_code"], probe: ["product_code"],
                            carry: ["division", "category", "product", "variant"])
        rows = try leftJoin(rows, dimGrossPrice, build: ["product_code", "year"], probe: ["product_code", "_year"],
                            carry: ["price_inr"])
        let (totals, overflowed) = try totalAmounts(rows)
        let named = try rows.project(GoldSchemas.factOrdersEnriched.fields.dropLast().map(\.name))
        return Output(rows: RecordBatch(schema: GoldSchemas.factOrdersEnriched, columns: named.columns + [.decimal(totals)]),
                      overflowedTotals: overflowed)
    }

    /// The fact rows plus `_month` (month start of `date`) and `_year` (its year), the
    /// join keys of dim_date and dim_gross_price.
    private static func withJoinKeys(_ fact: RecordBatch) throws -> RecordBatch {
        let dates = try fact.date("date", in: "gold fact_orders")
        var months = ContiguousArray<Int32>(), years = ContiguousArray<Int32>()
        for day in dates.values {
            months.append(CivilDateRule.monthStart(day))
            years.append(Int32(CivilDateRule.year(day)))
        }
        return RecordBatch(schema: Schema(fact.schema.fields + [Field("_month", .date), Field("_year", .int32)]),
                           columns: fact.columns + [.date(FixedColumn(values: months, nulls: dates.nulls)),
                                                    .int32(FixedColumn(values: years, nulls: dates.nulls))])
    }

    private static func leftJoin(_ probe: RecordBatch, _ dimension: RecordBatch, build: [String], probe probeKeys: [String],
                                 carry: [String]) throws -> RecordBatch {
        let join = try BroadcastHashJoin(buildSchema: dimension.schema, buildBatches: [dimension], buildKeys: build,
                                         probeSchema: probe.schema, probeKeys: probeKeys, type: .leftOuter,
                                         buildColumns: carry)
        return try join.probe(probe).joined
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
