import Columns

/// The schemas on the orders path (§3.4).
public enum OrdersSchemas {
    /// The dedup key of step 4, on the cleaned (typed) values.
    public static let dedupKeys = ["order_id", "order_date", "customer_id", "product_id", "order_qty"]

    /// Rows after steps 1–3: typed values, lineage (the file as its rank in the batch's
    /// `SourceFileRanks`), and the raw texts that steps 1–3 read (so a row dropped at step 4
    /// or 5 is quarantined with its columns exactly as read).
    public static let cleaned = Schema([
        Field("order_id", .text), Field("order_date", .date, nullable: false),
        Field("customer_id", .text, nullable: false), Field("product_id", .text),
        Field("order_qty", .int64, nullable: false),
        Field(Lineage.sourceFileRank, .int64, nullable: false),
        Field(Lineage.sourceLine, .int64, nullable: false), Field(Lineage.batchId, .int64, nullable: false),
    ] + [
        Field(rawPlacementDate, .text), Field(rawCustomerId, .text), Field(rawQuantity, .text),
    ])

    static let rawPlacementDate = "_raw_order_placement_date"
    static let rawCustomerId = "_raw_customer_id"
    static let rawQuantity = "_raw_order_qty"

    /// Silver orders: the columns of Rules §3.4, then `order_month` (first day of the month of
    /// order_date), the partition column of §8.
    public static let silver = Schema([
        Field("order_id", .text), Field("order_date", .date, nullable: false),
        Field("customer_id", .text, nullable: false), Field("product_id", .text),
        Field("product_code", .text), Field("order_qty", .int64, nullable: false),
    ] + Lineage.fields + [Field("order_month", .date, nullable: false)])

    /// Cleaned columns that become the bronze columns of a quarantined row.
    static let quarantineSources = [
        "order_id", rawPlacementDate, rawCustomerId, "product_id", rawQuantity,
        Lineage.sourceFile, Lineage.sourceLine, Lineage.batchId,
    ]
}
