import Foundation
import Lake

/// What `medallion vacuum` removed (or, in a dry run, would remove).
public struct LakeVacuumReport: Sendable {
    public var files: [LakeLeftover]
    public var dryRun: Bool
    public var bytes: Int64 { files.reduce(0) { $0 + $1.bytes } }
}

/// `medallion vacuum`: under the lake lock, removes the leftovers of failed runs and,
/// per table, the data files no version inside the retention references (Delta
/// vacuum semantics). Files a pending commit (manifest written, not yet published)
/// will add are kept. No VACUUM commit is made: every table commit stays one a run
/// manifest holds, so `repair` can restore any of them.
public enum LakeVacuum {
    public static func run(lake: String, retention: Duration, dryRun: Bool) throws -> LakeVacuumReport {
        guard LakeSnapshot.isLake(lake) else { throw PipelineError.notALake(path: lake) }
        let lock = try LakeLock(lake: lake)
        defer { lock.release() }
        // What no version needs is decided from the logs; a damaged log could hide a reference.
        let plan = try LakeRepair.plan(lake: lake, scope: .full)
        if let problem = plan.problems.first {
            throw PipelineError.damaged(
                subject: problem.subject, reason: problem.description,
                advice: "vacuum decides from the logs which files no version needs, so it does not run on a damaged "
                    + "lake; run `medallion repair --lake \(lake)` first")
        }
        let journal = LakeJournal(lake: lake)
        let lastRun = try journal.lastBatch > 0 ? journal.manifest(journal.lastBatch) : nil
        var files = try LakeLeftovers.find(lake: lake, lastRun: lastRun)
        var seen = Set(files.map(\.path))
        let pending = LakeLeftovers.pendingAdds(lastRun)
        for table in Set(LakeCatalog.all).union(pending.keys).sorted() {
            let delta = DeltaTable(path: table.path(in: lake))
            guard delta.exists else { continue }
            let result = try delta.vacuum(retention: retention, dryRun: true, keep: pending[table] ?? [], recordInLog: false)
            for (file, size) in zip(result.files, result.sizes) {
                let path = table.description + "/" + file
                guard seen.insert(path).inserted else { continue }
                let kind: LakeLeftover.Kind = file.hasPrefix(DeltaLogPaths.logDirectory + "/") ? .temp : .expired
                files.append(LakeLeftover(path: path, bytes: size, kind: kind))
            }
        }
        files.sort { $0.path < $1.path }
        if !dryRun { try LakeLeftovers.remove(files, lake: lake) }
        return LakeVacuumReport(files: files, dryRun: dryRun)
    }
}
