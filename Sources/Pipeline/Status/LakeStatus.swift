import Foundation
import Lake

/// What `medallion status` shows: runs, ingested files, and each table's version and rows.
public struct LakeStatus: Sendable {
    public struct Run: Sendable {
        public var batchId: Int64
        public var mode: RunMode
        public var committedAt: String
        public var newFiles: Int
        public var tables: Int
        public var seconds: Double
    }

    public struct Table: Sendable {
        public var table: LakeTable
        /// Nil when the table does not exist yet.
        public var version: Int64?
        public var rows: Int64
        public var files: Int
    }

    public var runs: [Run]
    public var ingested: [IngestedFile]
    public var tables: [Table]
    /// Tables of the last run whose commit is not published yet (it died while
    /// publishing; the next run completes it).
    public var unpublished: [LakeTable]

    public static func load(lake: String) throws -> LakeStatus {
        guard FileManager.default.fileExists(atPath: LakeLayout.runsDirectory(lake)) else {
            throw PipelineError.notALake(path: lake)
        }
        let journal = LakeJournal(lake: lake)
        let manifests = try journal.manifests()
        let runs = manifests.map {
            Run(batchId: $0.batchId, mode: $0.mode, committedAt: $0.committedAt, newFiles: $0.files.count,
                tables: $0.commits.count, seconds: $0.summary.seconds)
        }
        var unpublished: [LakeTable] = []
        if let last = manifests.last {
            for entry in last.commits where !((try? DeltaTable(path: entry.table.path(in: lake)).isPublished(entry.commit)) ?? false) {
                unpublished.append(entry.table)
            }
        }
        // A reader pins each table at the version of the last committed run.
        let versions = try journal.committedVersions()
        var tables: [Table] = []
        for table in LakeCatalog.all {
            guard let version = versions[table] else {
                tables.append(Table(table: table, version: nil, rows: 0, files: 0))
                continue
            }
            let delta = DeltaTable(path: table.path(in: lake))
            let pinned = unpublished.contains(table) ? version - 1 : version
            let snapshot = pinned >= 0 ? try? delta.snapshot(version: pinned) : nil
            tables.append(Table(table: table, version: snapshot?.version, rows: snapshot?.numRecords ?? 0,
                                files: snapshot?.files.count ?? 0))
        }
        let ingested = try journal.ingestedFiles().values.sorted { $0.path < $1.path }
        return LakeStatus(runs: runs, ingested: ingested, tables: tables, unpublished: unpublished)
    }
}
