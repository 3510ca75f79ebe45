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
        public enum State: Sendable, Equatable {
            case ok
            /// Its commit in the last run is not published yet; the next run (or
            /// `repair`) publishes it. Readers see the previous run's version.
            case pending
            /// Its log is damaged; the reason names the file and what is wrong.
            case damaged(String)
        }

        public var table: LakeTable
        /// The version readers see (the last completed run's); nil when it does not exist yet.
        public var version: Int64?
        public var rows: Int64
        public var files: Int
        public var state: State = .ok
    }

    public var runs: [Run]
    public var ingested: [IngestedFile]
    public var tables: [Table]
    /// Tables of the last run whose commit is not published yet (it died while
    /// publishing; the next run completes it).
    public var unpublished: [LakeTable]
    /// Everything wrong with the logs, and what `repair` would do about each.
    public var problems: [LakeProblem]

    public static func load(lake: String) throws -> LakeStatus {
        guard LakeSnapshot.isLake(lake) else { throw PipelineError.notALake(path: lake) }
        let journal = LakeJournal(lake: lake)
        let plan = try LakeRepair.plan(lake: lake, scope: .full)
        // A damaged manifest is reported as a problem; the rest of the status still shows.
        let manifests = journal.batches().compactMap { try? journal.manifest($0) }
        let runs = manifests.map {
            Run(batchId: $0.batchId, mode: $0.mode, committedAt: $0.committedAt, newFiles: $0.files.count,
                tables: $0.commits.count, seconds: $0.summary.seconds)
        }
        let unpublished = plan.pending.map(\.table)
        // A reader pins every table at the version of the last completed run.
        let view = LakeSnapshot.load(lake: lake, manifests: manifests)
        var tables: [Table] = []
        for table in LakeCatalog.all {
            var state = Table.State.ok
            if let problem = plan.damage(of: table) { state = .damaged(problem.description) }
            else if unpublished.contains(table) { state = .pending }
            guard let version = view.version(of: table) else {
                tables.append(Table(table: table, version: nil, rows: 0, files: 0, state: state))
                continue
            }
            var row = Table(table: table, version: version, rows: 0, files: 0, state: state)
            do {
                let snapshot = try view.snapshot(of: table)
                row.rows = snapshot?.numRecords ?? 0
                row.files = snapshot?.files.count ?? 0
            } catch {
                if state == .ok || state == .pending { row.state = .damaged("\(error)") }
            }
            tables.append(row)
        }
        let ingested = ((try? journal.ingestedFiles()) ?? [:]).values.sorted { $0.path < $1.path }
        return LakeStatus(runs: runs, ingested: ingested, tables: tables, unpublished: unpublished,
                          problems: plan.problems)
    }
}
