import ArgumentParser
import Foundation
import Pipeline

/// `medallion repair --lake DIR [--dry-run] [--discard-foreign]`: restores damaged or
/// missing table commits from the run manifests and says what it did.
struct RepairCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "repair",
        abstract: "Restore a lake's damaged Delta logs from its run manifests.",
        discussion: """
        Checks every table's _delta_log against the run manifests, which hold every commit of every run. \
        A damaged, truncated or missing commit is written again from its manifest (a damaged file is moved \
        to _medallion/repair/ first); an entry after a table's last run that no manifest knows and that does \
        not parse (a partial write) is moved aside; damaged checkpoints and _last_checkpoint are rewritten; \
        commits a run left unpublished are published. What it cannot fix is listed with what to do.
        """
    )

    @Option(help: "The lake folder.")
    var lake: String

    @Flag(name: .customLong("dry-run"), help: "Only list the problems and what would be done.")
    var dryRun = false

    @Flag(name: .customLong("discard-foreign"),
          help: "Also move aside commits another writer made after a table's last run (their changes are lost).")
    var discardForeign = false

    func run() throws {
        let lake = try LakeLocation.open(lake)
        let lock = try LakeLock(lake: lake)
        defer { lock.release() }
        let plan = try LakeRepair.plan(lake: lake, scope: .full, discardForeign: discardForeign)
        for note in plan.notes { print("note: \(note)") }
        if plan.isHealthy && plan.pending.isEmpty {
            print("the lake is healthy: every table's log matches the run manifests")
            return
        }
        if dryRun {
            for problem in plan.problems {
                print("\(problem.file): \(problem.reason)")
                print("  \(problem.isRepairable ? "would" : "cannot repair; to fix"): \(problem.remedy)")
            }
            for entry in plan.pending {
                print("\(entry.table) version \(entry.commit.version): pending since the last run died while publishing")
                print("  would: publish it from the run manifest")
            }
        } else {
            for line in try LakeRepair.apply(plan) { print(line) }
        }
        let manual = plan.problems.filter { !$0.isRepairable }
        guard !manual.isEmpty else { return }
        if !dryRun {
            for problem in manual {
                print("cannot repair \(problem.file): \(problem.reason)")
                print("  to fix: \(problem.remedy)")
            }
        }
        throw ExitCode(2)
    }
}
