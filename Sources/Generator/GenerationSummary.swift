/// The source tables of Rules §1.1 that the generator writes.
public enum GeneratedTable: String, Sendable, Equatable, CaseIterable {
    case parentCustomers = "parent dim_customers"
    case parentProducts = "parent dim_products"
    case parentGrossPrice = "parent dim_gross_price"
    case parentFactOrders = "parent fact_orders"
    case customers = "child customers"
    case products = "child products"
    case grossPrice = "child gross_price"
    case orders = "child orders"
}

/// One written file.
public struct GeneratedFile: Sendable, Equatable {
    /// Path relative to the source root (`2_child_company/full_load/orders/landing/orders_2025_01_01.csv`).
    public var path: String
    public var table: GeneratedTable
    /// Data rows (the header not counted).
    public var rows: Int
    /// Bytes of CSV before compression.
    public var uncompressedBytes: Int
    /// Bytes on disk.
    public var bytes: Int64
    /// zstd frames / gzip members (1 for plain files).
    public var frames: Int
    /// Under an `incremental_load` folder.
    public var incremental: Bool
}

/// What a ``SourceGenerator`` call wrote.
public struct GenerationSummary: Sendable, Equatable {
    /// The source root as given.
    public var root: String
    /// Every file written, sorted by path.
    public var files: [GeneratedFile]
    /// Order days written, first to last (the dates in the day files' names).
    public var firstDay: CalendarDay?
    public var lastDay: CalendarDay?

    /// Child order rows written (dirt and duplicates included).
    public var orderRows: Int { files.filter { $0.table == .orders }.reduce(0) { $0 + $1.rows } }
    /// Day files written.
    public var orderFiles: Int { files.filter { $0.table == .orders }.count }
    /// Bytes on disk of all files.
    public var bytes: Int64 { files.reduce(0) { $0 + $1.bytes } }
    /// Bytes of CSV before compression of all files.
    public var uncompressedBytes: Int { files.reduce(0) { $0 + $1.uncompressedBytes } }
}
