import Columns

/// The gold tables' columns (§4), conformed to AtliQon's model.
public enum GoldSchemas {
    public static let dimCustomers = Schema([
        Field("customer_code", .text), Field("customer", .text), Field("market", .text),
        Field("platform", .text), Field("channel", .text),
    ])
    public static let dimProducts = Schema([
        Field("product_code", .text), Field("division", .text), Field("category", .text),
        Field("product", .text), Field("variant", .text),
    ])
    public static let dimGrossPrice = Schema([
        Field("product_code", .text), Field("price_inr", MoneyRule.type), Field("year", .int32),
    ])
    /// Partitioned by `date`.
    public static let factOrders = Schema([
        Field("date", .date), Field("product_code", .text), Field("customer_code", .text),
        Field("sold_quantity", .int64),
    ])
    public static let dimDate = Schema([
        Field("month_start_date", .date, nullable: false), Field("date_key", .int32, nullable: false),
        Field("year", .int32, nullable: false), Field("month_name", .text, nullable: false),
        Field("month_short_name", .text, nullable: false), Field("quarter", .text, nullable: false),
        Field("year_quarter", .text, nullable: false),
    ])
    /// Partitioned by `date`.
    public static let factOrdersEnriched = Schema([
        Field("date", .date), Field("product_code", .text), Field("customer_code", .text),
        Field("date_key", .int32), Field("year", .int32), Field("month_name", .text),
        Field("month_short_name", .text), Field("quarter", .text), Field("year_quarter", .text),
        Field("customer", .text), Field("market", .text), Field("platform", .text), Field("channel", .text),
        Field("division", .text), Field("category", .text), Field("product", .text), Field("variant", .text),
        Field("sold_quantity", .int64), Field("price_inr", MoneyRule.type), Field("total_amount_inr", MoneyRule.type),
    ])
}
