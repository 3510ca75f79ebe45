import Columns
import Partition

/// One source table of §1: where its files are, the columns read as text, and the
/// schemas of its bronze and quarantine tables (§2, §7).
public struct SourceTable: Sendable, Hashable {
    /// Name in the lake (`orders`, `parent_fact_orders`, …).
    public let name: String
    /// Glob relative to the source root.
    public let glob: String
    /// Columns read from every file, in this order.
    public let columns: [String]

    public init(name: String, glob: String, columns: [String]) {
        self.name = name
        self.glob = glob
        self.columns = columns
    }

    public static let customers = SourceTable(
        name: "customers", glob: "2_child_company/**/customers/*.csv*",
        columns: ["customer_id", "customer_name", "city"])
    public static let products = SourceTable(
        name: "products", glob: "2_child_company/**/products/*.csv*",
        columns: ["product_name", "product_id", "category"])
    public static let grossPrice = SourceTable(
        name: "gross_price", glob: "2_child_company/**/gross_price/*.csv*",
        columns: ["product_id", "month", "gross_price"])
    public static let orders = SourceTable(
        name: "orders", glob: "2_child_company/**/orders/**/*.csv*",
        columns: ["order_id", "order_placement_date", "customer_id", "product_id", "order_qty"])
    public static let parentDimCustomers = SourceTable(
        name: "parent_dim_customers", glob: "1_parent_company/full_load/dim_customers.csv*",
        columns: ["customer_code", "customer", "market", "platform", "channel"])
    public static let parentDimProducts = SourceTable(
        name: "parent_dim_products", glob: "1_parent_company/full_load/dim_products.csv*",
        columns: ["product_code", "division", "category", "product", "variant"])
    public static let parentDimGrossPrice = SourceTable(
        name: "parent_dim_gross_price", glob: "1_parent_company/full_load/dim_gross_price.csv*",
        columns: ["product_code", "price_inr", "year"])
    public static let parentFactOrders = SourceTable(
        name: "parent_fact_orders", glob: "1_parent_company/**/fact_orders*.csv*",
        columns: ["date", "product_code", "customer_code", "sold_quantity"])

    public static let all: [SourceTable] = [
        .customers, .products, .grossPrice, .orders,
        .parentDimCustomers, .parentDimProducts, .parentDimGrossPrice, .parentFactOrders,
    ]

    /// What to ask `CSVScan` for: every column as text.
    public var requestedColumns: [RequestedColumn] { columns.map { RequestedColumn($0) } }

    /// Raw text columns, then `_source_file`, `_source_line`, `_batch_id`.
    public var bronzeSchema: Schema { Schema(columns.map { Field($0, .text) } + Lineage.fields) }

    /// The bronze columns, then `_reason` (§7).
    public var quarantineSchema: Schema { Schema(bronzeSchema.fields + [Field(Lineage.reason, .text, nullable: false)]) }
}
