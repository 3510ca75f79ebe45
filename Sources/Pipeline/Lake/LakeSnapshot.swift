import Foundation
import Lake

/// The lake as of its last completed run: every table at the version that run left
/// it at. A run publishes its tables one after the other (after its manifest, the
/// commit point, is written), so a reader that took each table's latest Delta
/// version could see half of a run; medallion's own readers (`status`, `tables`,
/// `describe`, `history`, `show`, and later SQL or dashboards) pin through this
/// instead. External readers (Spark, delta-rs) see each table's latest version.
public struct LakeSnapshot: Sendable {
    public let lake: String
    /// The last run whose every table commit is published; nil before the first one.
    public let batch: Int64?
    /// A later run whose manifest is written but some of whose commits are not
    /// published yet (it died while publishing, or is publishing now).
    public let publishingBatch: Int64?
    /// Each table's version as of `batch`; a table that run's history never wrote is absent.
    public let versions: [LakeTable: Int64]

    /// True when `path` holds a medallion lake (run manifests next to the tables).
    public static func isLake(_ path: String) -> Bool {
        (try? LakeFiles.isDirectory(LakeLayout.runsDirectory(path))) ?? false
    }

    public static func load(lake: String) throws -> LakeSnapshot {
        guard isLake(lake) else { throw PipelineError.notALake(path: lake) }
        return try load(lake: lake, manifests: LakeJournal(lake: lake).manifests())
    }

    /// From manifests already read (oldest first).
    public static func load(lake: String, manifests: [RunManifest]) -> LakeSnapshot {
        var runs = manifests[...]
        var publishing: Int64?
        // Runs are serialised by the lock and each completes its predecessor first,
        // so only the last run can be incomplete.
        if let last = runs.last, !isComplete(last, lake: lake) {
            publishing = last.batchId
            runs = runs.dropLast()
        }
        var versions: [LakeTable: Int64] = [:]
        for run in runs {
            for entry in run.commits { versions[entry.table] = max(versions[entry.table] ?? -1, entry.commit.version) }
        }
        return LakeSnapshot(lake: lake, batch: runs.last?.batchId, publishingBatch: publishing, versions: versions)
    }

    /// Whether every commit of `run` has its log file (its content is checked by
    /// `LakeRepair`; a damaged file is reported as damage, not hidden as pending).
    static func isComplete(_ run: RunManifest, lake: String) -> Bool {
        run.commits.allSatisfy { entry in
            (try? LakeFiles.exists(
                DeltaTable(path: entry.table.path(in: lake)).logFilePath(DeltaLogPaths.commitName(entry.commit.version)))) ?? false
        }
    }

    /// The pinned version of `table`; nil when no completed run wrote it.
    public func version(of table: LakeTable) -> Int64? { versions[table] }

    /// The lake table at `relative` (`gold/fact_orders`), if it is one of the catalog's.
    public static func table(atRelativePath relative: String) -> LakeTable? {
        LakeCatalog.all.first { $0.description == relative }
    }

    /// The table's Delta snapshot at its pinned version.
    public func snapshot(of table: LakeTable) throws -> DeltaSnapshot? {
        guard let version = versions[table] else { return nil }
        return try DeltaTable(path: table.path(in: lake)).snapshot(version: version)
    }
}
