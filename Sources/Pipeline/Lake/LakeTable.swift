import Columns
import SportsBar

/// One table of the lake (Rules §7.1): `<lake>/<layer>/<name>/`, a Delta table.
public struct LakeTable: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public enum Layer: String, Sendable, Hashable, Codable, CaseIterable {
        case bronze, silver, gold, quarantine
        /// The engine's own derived state (not a table of Rules §7.1), under `_medallion/state/`.
        case state = "_medallion/state"
    }

    public var layer: Layer
    public var name: String

    public init(_ layer: Layer, _ name: String) {
        self.layer = layer
        self.name = name
    }

    /// `layer/name`, as the run manifest and reports name it.
    public var description: String { "\(layer.rawValue)/\(name)" }

    public func path(in lake: String) -> String { lake + "/" + description }

    public static func < (a: Self, b: Self) -> Bool {
        let order = Layer.allCases
        let (la, lb) = (order.firstIndex(of: a.layer) ?? 0, order.firstIndex(of: b.layer) ?? 0)
        return la != lb ? la < lb : a.name < b.name
    }
}

/// How a table is stored: its schema and partition columns.
public struct TableShape: Sendable {
    public var schema: Schema
    public var partitionColumns: [String]

    public init(_ schema: Schema, partitionedBy partitionColumns: [String] = []) {
        self.schema = schema
        self.partitionColumns = partitionColumns
    }
}

/// Every table the pipeline writes, with its shape.
public enum LakeCatalog {
    /// Quarantine rows of records that never became bronze rows (`malformed_row`,
    /// `invalid_utf8`) keep the record's text here when it is valid UTF-8 (the column
    /// values are NULL then); NULL for every other reason.
    public static let rawRecord = "_raw_record"
    /// The same records' exact bytes (BINARY), whatever they hold: a record with invalid
    /// UTF-8 is kept only here, since no STRING column may hold it.
    public static let rawBytes = "_raw_bytes"

    public static func bronze(_ source: SourceTable) -> LakeTable { LakeTable(.bronze, source.name) }
    public static func quarantine(_ source: SourceTable) -> LakeTable { LakeTable(.quarantine, source.name) }

    public static let silverCustomers = LakeTable(.silver, "customers")
    public static let silverProducts = LakeTable(.silver, "products")
    public static let silverGrossPrice = LakeTable(.silver, "gross_price")
    public static let silverOrders = LakeTable(.silver, "orders")
    public static let dimCustomers = LakeTable(.gold, "dim_customers")
    public static let dimProducts = LakeTable(.gold, "dim_products")
    public static let dimGrossPrice = LakeTable(.gold, "dim_gross_price")
    public static let dimDate = LakeTable(.gold, "dim_date")
    public static let factOrders = LakeTable(.gold, "fact_orders")
    public static let factOrdersEnriched = LakeTable(.gold, "fact_orders_enriched")
    /// Child monthly sums of each run's new silver orders (one row per month, product,
    /// customer and run): a touched month's child rows are the sum of its partials, so an
    /// incremental run need not re-read the month's silver orders.
    public static let ordersMonthly = LakeTable(.state, "orders_monthly")

    public static func quarantineSchema(_ source: SourceTable) -> Schema {
        Schema(source.quarantineSchema.fields + [Field(rawRecord, .text), Field(rawBytes, .binary)])
    }

    /// All tables in report order.
    public static var all: [LakeTable] {
        SourceTable.all.map(bronze) + [silverCustomers, silverProducts, silverGrossPrice, silverOrders]
            + [dimCustomers, dimProducts, dimGrossPrice, dimDate, factOrders, factOrdersEnriched]
            + SourceTable.all.map(quarantine) + [ordersMonthly]
    }

    public static func shape(of table: LakeTable) -> TableShape? {
        switch table.layer {
        case .bronze:
            return SourceTable.all.first { $0.name == table.name }.map { TableShape($0.bronzeSchema) }
        case .quarantine:
            return SourceTable.all.first { $0.name == table.name }.map { TableShape(quarantineSchema($0)) }
        case .silver, .gold, .state:
            return silverAndGold[table.description]
        }
    }

    private static let silverAndGold: [String: TableShape] = [
        silverCustomers.description: TableShape(CustomersSilver.schema),
        silverProducts.description: TableShape(ProductsSilver.schema),
        silverGrossPrice.description: TableShape(GrossPriceSilver.schema),
        silverOrders.description: TableShape(OrdersSchemas.silver, partitionedBy: ["order_month"]),
        dimCustomers.description: TableShape(GoldSchemas.dimCustomers),
        dimProducts.description: TableShape(GoldSchemas.dimProducts),
        dimGrossPrice.description: TableShape(GoldSchemas.dimGrossPrice),
        dimDate.description: TableShape(GoldSchemas.dimDate),
        factOrders.description: TableShape(GoldSchemas.factOrders, partitionedBy: ["date"]),
        factOrdersEnriched.description: TableShape(GoldSchemas.factOrdersEnriched, partitionedBy: ["date"]),
        ordersMonthly.description: TableShape(GoldSchemas.factOrders, partitionedBy: ["date"]),
    ]
}
