import Foundation
import Lake
import Pipeline
import SQL
import Workers

/// Which state of the lake a page shows: the Delta version of its version table and the
/// pipeline run (batch id) that left the lake so. Two pages built from equal versions
/// show the same data, so a server can keep a page until this changes.
public struct LakeVersion: Sendable, Equatable, Codable, CustomStringConvertible {
    /// `layer.table`, e.g. `gold.fact_orders_enriched`.
    public var table: String
    /// The table's Delta version read; nil when the table does not exist.
    public var version: Int64?
    /// The last completed pipeline run (`_medallion/runs/<batch>.json`); nil for a lake
    /// of plain Delta folders that no medallion run wrote.
    public var run: Int64?
    /// When that run committed (ISO 8601, from its manifest).
    public var runCommittedAt: String?

    public var description: String {
        var text = "\(table) version \(version.map(String.init) ?? "none")"
        if let run { text += ", run \(run)" + (runCommittedAt.map { " committed \($0)" } ?? "") }
        return text
    }

    /// The version a reader pinned to the lake's last completed run sees now (cheap:
    /// reads the run manifests and the table's log, no data).
    public static func current(lake: String, table: String = "gold.fact_orders_enriched") throws -> LakeVersion {
        let catalog = try DashboardEngine.catalog(lake: lake)
        return try of(catalog: catalog, lake: lake, table: table)
    }

    /// The version `catalog` reads of `table`, and the lake's last completed run.
    static func of(catalog: any SQLCatalog, lake: String, table: String) throws -> LakeVersion {
        var version: Int64?
        if let entry = try catalog.table(named: table) {
            version = try entry.version ?? entry.snapshot().version
        }
        guard LakeSnapshot.isLake(lake) else { return LakeVersion(table: table, version: version) }
        let manifests = try LakeJournal(lake: lake).manifests()
        let snapshot = LakeSnapshot.load(lake: lake, manifests: manifests)
        let committed = manifests.last { $0.batchId == snapshot.batch }?.committedAt
        return LakeVersion(table: table, version: version, run: snapshot.batch, runCommittedAt: committed)
    }
}

/// The SQL engine a dashboard reads through: pinned to the lake's last completed run
/// (as `medallion sql` is), so a page never shows half of a run being published.
public enum DashboardEngine {
    public static func make(lake: String, workers: Int = WorkerCount.active) throws -> SQLEngine {
        SQLEngine(lake: lake, catalog: try catalog(lake: lake), workers: workers)
    }

    /// The lake's catalog, pinned to its last completed run when it is a medallion lake.
    public static func catalog(lake: String) throws -> LakeDirectoryCatalog {
        guard LakeSnapshot.isLake(lake) else { return LakeDirectoryCatalog(lake: lake) }
        let snapshot = try LakeSnapshot.load(lake: lake)
        var pinned: [String: Int64] = [:]
        for (table, version) in snapshot.versions where table.layer != .state {
            pinned[table.layer.rawValue + "." + table.name] = version
        }
        return LakeDirectoryCatalog(lake: lake, pinned: pinned, pinnedOnly: true)
    }
}
