import Foundation
import Lake

extension LakeRepair {
    /// Carries out the plan's repairable fixes and publishes its pending commits, in
    /// the order that keeps every step valid: entries to set aside first (newest
    /// first), then commits rewritten from their manifests (oldest first), then the
    /// pending ones, then checkpoints and `_last_checkpoint`. Returns what it did, one
    /// line each. The caller holds the lake lock. Problems needing a person are left.
    @discardableResult
    public static func apply(_ plan: LakeRepairPlan) throws -> [String] {
        let lake = plan.lake
        var done: [String] = []
        let aside = repairFolder(lake)
        func table(_ name: String) -> DeltaTable { DeltaTable(path: lake + "/" + name) }

        @discardableResult
        func moveAside(_ problem: LakeProblem, report: Bool = true) throws -> String {
            let name = (problem.file as NSString).lastPathComponent
            var target = aside + "/" + problem.table + "/" + DeltaLogPaths.logDirectory + "/" + name
            var n = 1
            while try LakeFiles.exists(target) {
                n += 1
                target = aside + "/" + problem.table + "/" + DeltaLogPaths.logDirectory + "/" + name + ".\(n)"
            }
            try table(problem.table).moveLogFile(name, to: target)
            if report { done.append("moved \(problem.file) aside to \(relative(target, lake)) (\(problem.reason))") }
            return relative(target, lake)
        }

        let asides = plan.problems.filter { $0.fix == .moveAside }.sorted { ($0.version ?? 0) > ($1.version ?? 0) }
        for problem in asides { try moveAside(problem) }

        let restores = plan.problems.filter { if case .restore = $0.fix { true } else { false } }
            .sorted { ($0.table, $0.version ?? 0) < ($1.table, $1.version ?? 0) }
        for problem in restores {
            guard let commit = problem.commit, case let .restore(manifest) = problem.fix else { continue }
            let delta = table(problem.table)
            var kept = ""
            if try LakeFiles.exists(lake + "/" + problem.file) {
                kept = "; the damaged file is kept as " + (try moveAside(problem, report: false))
            }
            try publish(commit, to: delta, table: problem.table)
            done.append("rewrote \(problem.file) from \(manifest) (it was: \(problem.reason)\(kept))")
        }

        for entry in plan.pending {
            let delta = DeltaTable(path: entry.table.path(in: lake))
            if try publish(entry.commit, to: delta, table: entry.table.description) {
                done.append("published version \(entry.commit.version) of \(entry.table), left pending by the last run")
            }
        }

        var pointers = Set(plan.problems.filter { $0.fix == .rewritePointer }.map(\.table))
        for problem in plan.problems where problem.fix == .rewriteCheckpoint {
            guard let version = problem.version else { continue }
            let kept = try moveAside(problem, report: false)
            let delta = table(problem.table)
            if (try? delta.checkpoint(version: version)) != nil {
                done.append("wrote \(problem.file) again from the JSON commits (it was: \(problem.reason); "
                    + "the damaged file is kept as \(kept))")
            } else {
                done.append("moved \(problem.file) aside to \(kept) (\(problem.reason)); readers replay the JSON commits")
            }
            pointers.insert(problem.table)
        }
        for name in pointers.sorted() {
            let file = "\(name)/\(DeltaLogPaths.logDirectory)/\(DeltaLogPaths.lastCheckpoint)"
            if let version = try table(name).rewriteLastCheckpoint() {
                done.append("rewrote \(file): it points at the checkpoint of version \(version)")
            } else {
                done.append("removed \(file): the table has no readable checkpoint, readers replay the JSON commits")
            }
        }
        return done
    }

    @discardableResult
    private static func publish(_ commit: DeltaPreparedCommit, to delta: DeltaTable, table: String) throws -> Bool {
        do {
            return try delta.publish(commit)
        } catch let .concurrentModification(_, _, _, reason) {
            throw PipelineError.publishConflict(table: table, version: commit.version, reason: reason)
        }
    }

    /// `<lake>/_medallion/repair/<UTC time>`: one folder per repair.
    private static func repairFolder(_ lake: String) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withYear, .withMonth, .withDay, .withTime, .withTimeZone]
        let stamp = formatter.string(from: Date()).replacingOccurrences(of: ":", with: "")
        return lake + "/" + LakeLayout.repairDirectory + "/" + stamp
    }
}
