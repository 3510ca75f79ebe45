import Foundation
import Lake
import Workers

/// What a run does to the lake before it reads it, under the lock: repairs the logs
/// the run manifests can restore (or stops, saying what is wrong and what to do),
/// completes a run that died while publishing, and removes what failed or killed
/// runs left behind (unreferenced data files — looked for only when the last run did not
/// end cleanly, see `CleanEndMarker` —, spill folders, temp files).
enum RunPreparation {
    static func prepare(lake: String, progress: (@Sendable (String) -> Void)?) throws {
        // A failed backfill leaves data files but no run manifest yet: no repair, only cleanup.
        if LakeSnapshot.isLake(lake) {
            let plan = try LakeRepair.plan(lake: lake, scope: .quick)
            if let stuck = plan.problems.first(where: { !$0.isRepairable }) {
                throw PipelineError.damaged(
                    subject: stuck.subject, reason: stuck.description,
                    advice: stuck.remedy + " (`medallion repair --lake \(lake) --dry-run` lists every problem)")
            }
            let done = try LakeRepair.apply(plan)
            if plan.problems.isEmpty, !done.isEmpty {
                progress?("recovered the last run: published \(done.count) table commits it had left")
            } else {
                for line in done { progress?("repair: " + line) }
            }
        }
        let journal = LakeJournal(lake: lake)
        let lastRun = journal.lastBatch > 0 ? try journal.manifest(journal.lastBatch) : nil
        let endedCleanly = CleanEndMarker.isPresent(lake)
        let leftovers = try LakeLeftovers.find(lake: lake, lastRun: lastRun, tables: !endedCleanly)
        // From here until it commits, this run may leave files behind if it dies.
        try CleanEndMarker.clear(lake)
        guard !leftovers.isEmpty else { return }
        try LakeLeftovers.remove(leftovers, lake: lake)
        let bytes = leftovers.reduce(0) { $0 + $1.bytes }
        progress?("removed \(leftovers.count) leftovers of failed runs (\(Format.bytes(Int(bytes))))")
    }
}
