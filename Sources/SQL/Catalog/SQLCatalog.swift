import Columns
import Lake

/// A table SQL can read: where its Delta log is, and the version to read (nil: latest).
public struct CatalogTable: Sendable, Hashable {
    /// `layer.table`, as queries name it.
    public var name: String
    public var path: String
    public var version: Int64?

    public init(name: String, path: String, version: Int64? = nil) {
        self.name = name
        self.path = path
        self.version = version
    }

    /// The short name (`fact_orders` of `gold.fact_orders`), which qualifies columns too.
    public var shortName: String { name.split(separator: ".").last.map(String.init) ?? name }
    public var layer: String { name.split(separator: ".").first.map(String.init) ?? "" }

    /// The table's Delta snapshot at the catalog's version.
    public func snapshot() throws -> DeltaSnapshot {
        try DeltaTable(path: path).snapshot(version: version)
    }
}

/// Which tables exist and where: names (`layer.table`, case-insensitive) to Delta paths
/// and pinned versions. The CLI pins a medallion lake to its last completed run.
public protocol SQLCatalog: Sendable {
    /// Every table, sorted by name.
    func tables() throws -> [CatalogTable]
}

extension SQLCatalog {
    /// The table named `name` (`gold.fact_orders`, case-insensitive), or nil.
    public func table(named name: String) throws -> CatalogTable? {
        let wanted = name.lowercased()
        return try tables().first { $0.name.lowercased() == wanted }
    }
}
