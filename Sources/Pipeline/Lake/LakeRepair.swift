import Foundation
import Lake

/// What is wrong with a lake's logs, checked against the run manifests, and how
/// each problem is fixed. The manifests hold every table commit of every run byte
/// for byte, so a commit file that is damaged, truncated or missing can be written
/// again from them; an entry no manifest knows after a table's last run (a partial
/// write) can be moved aside. What cannot be fixed comes with advice.
public struct LakeRepairPlan: Sendable {
    public let lake: String
    public var problems: [LakeProblem]
    /// Tables whose commit in the last run is not published yet (it died while
    /// publishing); not damage — `run` and `repair` publish them.
    public var pending: [TableCommit]
    /// Things worth knowing that need no fix (another engine's commits, …).
    public var notes: [String]

    public var isHealthy: Bool { problems.isEmpty }
    public var canRepairAll: Bool { problems.allSatisfy(\.isRepairable) }

    /// The first problem of `table`, as status shows it.
    public func damage(of table: LakeTable) -> LakeProblem? { problems.first { $0.table == table.description } }
}

public enum LakeRepair {
    public enum Scope: Sendable {
        /// Every log file of every table (`repair`, `status`, `vacuum`).
        case full
        /// Only tables whose latest snapshot fails to load or whose last run's commit
        /// differs from its manifest get a full check (a run's start: cheap when healthy).
        case quick
    }

    /// Inspects the lake; changes nothing. `discardForeign` plans to move aside the
    /// commits no run manifest knows after a table's last run (another writer's).
    public static func plan(lake: String, scope: Scope = .full, discardForeign: Bool = false) throws -> LakeRepairPlan {
        guard LakeSnapshot.isLake(lake) else { throw PipelineError.notALake(path: lake) }
        let journal = LakeJournal(lake: lake)
        var plan = LakeRepairPlan(lake: lake, problems: [], pending: [], notes: [])
        var manifests: [RunManifest] = []
        for batch in journal.batches() {
            do {
                manifests.append(try journal.manifest(batch))
            } catch let PipelineError.corruptManifest(path, reason) {
                plan.problems.append(LakeProblem(
                    table: LakeProblem.runsTable, file: relative(path, lake), reason: reason,
                    fix: .manual(advice: "it records batch \(batch)'s ingested files and table commits and cannot be rebuilt; "
                        + "restore it from a backup, or rebuild the lake from the sources into a new folder with "
                        + "`medallion run --full-refresh --source SRC --lake NEW_LAKE`")))
            }
        }
        let lastBatch = journal.lastBatch
        var known: [LakeTable: [Int64: (batch: Int64, entry: TableCommit)]] = [:]
        for run in manifests {
            for entry in run.commits { known[entry.table, default: [:]][entry.commit.version] = (run.batchId, entry) }
        }
        let tables = Set(LakeCatalog.all).union(known.keys).sorted()
        for table in tables {
            let commits = known[table] ?? [:]
            let delta = DeltaTable(path: table.path(in: lake))
            if scope == .quick, try !needsFullCheck(delta, commits: commits, lastBatch: lastBatch) {
                // Healthy so far; only a pending commit of the last run may remain.
                for (version, known) in commits where known.batch == lastBatch {
                    if try !LakeFiles.exists(delta.logFilePath(DeltaLogPaths.commitName(version))) {
                        plan.pending.append(known.entry)
                    }
                }
                continue
            }
            try check(table, delta, commits: commits, lastBatch: lastBatch, discardForeign: discardForeign, into: &plan)
        }
        plan.pending.sort { ($0.table, $0.commit.version) < ($1.table, $1.commit.version) }
        return plan
    }

    /// A cheap test: does the latest snapshot load, and does the last run's commit
    /// file (if published) hold the manifest's bytes?
    private static func needsFullCheck(_ delta: DeltaTable, commits: [Int64: (batch: Int64, entry: TableCommit)],
                                       lastBatch: Int64) throws -> Bool {
        for (version, known) in commits where known.batch == lastBatch {
            let path = delta.logFilePath(DeltaLogPaths.commitName(version))
            if let bytes = try? LakeFiles.read(path), Array(bytes) != Array(known.entry.commit.contents.utf8) {
                return true
            }
        }
        do {
            _ = try delta.snapshot()
            return false
        } catch {
            switch error {
            case .corruptLog, .missingCommit: return true
            // No log at all: fine for a table no run has written yet (or only the pending one).
            case .tableNotFound: return commits.values.contains { $0.batch != lastBatch || $0.entry.commit.version > 0 }
            default: throw error
            }
        }
    }

    private static func check(_ table: LakeTable, _ delta: DeltaTable, commits: [Int64: (batch: Int64, entry: TableCommit)],
                              lastBatch: Int64, discardForeign: Bool, into plan: inout LakeRepairPlan) throws {
        let lake = plan.lake
        let inspection = try delta.inspectLog()
        let present = Dictionary(uniqueKeysWithValues: inspection.commits.map { ($0.version, $0) })
        let logName = { (name: String) in relative(delta.logFilePath(name), lake) }
        let newestKnown = commits.keys.max() ?? -1
        let newestPresent = inspection.latestCommit ?? -1

        func problem(_ file: String, _ reason: String, _ fix: LakeProblem.Fix, version: Int64? = nil,
                     commit: DeltaPreparedCommit? = nil) {
            plan.problems.append(LakeProblem(table: table.description, file: file, reason: reason, fix: fix,
                                             version: version, commit: commit))
        }

        for version in commits.keys.sorted() {
            guard let known = commits[version] else { continue }
            let name = DeltaLogPaths.commitName(version)
            let manifest = relative(LakeLayout.manifestPath(lake, batch: known.batch), lake)
            let expected = Array(known.entry.commit.contents.utf8)
            guard let file = present[version] else {
                if known.batch == lastBatch, version > newestPresent {
                    plan.pending.append(known.entry)
                } else {
                    problem(logName(name), "missing version \(version) (written by batch \(known.batch))",
                            .restore(manifest: manifest), version: version, commit: known.entry.commit)
                }
                continue
            }
            if file.bytes == expected { continue }
            if let damage = file.damage {
                problem(logName(name), damage, .restore(manifest: manifest), version: version, commit: known.entry.commit)
                continue
            }
            // Valid JSON, other bytes: a run before the last one was verified published
            // by its successor, so this is damage; in the last run it may be another
            // writer that took the version (its commit has no medallion operation).
            let ours = known.batch != lastBatch || file.commitInfo?.operationMetrics["medallionOperation"] != nil
            let at = (0 ..< min(file.bytes.count, expected.count)).first { file.bytes[$0] != expected[$0] }
                ?? min(file.bytes.count, expected.count)
            if ours {
                problem(logName(name), "differs from the copy in run manifest \(manifest) from byte \(at) on",
                        .restore(manifest: manifest), version: version, commit: known.entry.commit)
            } else if discardForeign {
                problem(logName(name), "another writer committed version \(version) while batch \(known.batch) "
                    + "was being published", .moveAside, version: version)
                plan.pending.append(known.entry)
            } else {
                problem(logName(name), "another writer committed version \(version) while batch \(known.batch) "
                    + "was being published; the batch's own commit cannot be published on top of it",
                        .manual(advice: "move the other writer's commit aside with `medallion repair --lake \(lake) "
                            + "--discard-foreign` (its change is lost; the file is kept under \(LakeLayout.repairDirectory)/), "
                            + "or restore the table from a backup"), version: version)
            }
        }

        for file in inspection.commits where commits[file.version] == nil {
            let name = logName(DeltaLogPaths.commitName(file.version))
            if file.version > newestKnown {
                if let damage = file.damage {
                    problem(name, "\(damage); no run manifest knows this version (a partial or foreign write)",
                            .moveAside, version: file.version)
                } else if discardForeign {
                    problem(name, "commit by another writer after the table's last run", .moveAside, version: file.version)
                } else {
                    plan.notes.append("\(name): a commit by another writer after the table's last run; medallion's "
                        + "readers show the run's version, the next run builds on it (`repair --discard-foreign` moves it aside)")
                }
            } else if let damage = file.damage {
                problem(name, "\(damage); another writer made this version, so no run manifest holds a copy",
                        .manual(advice: "copy \(name) back from a backup, or rebuild the lake from the sources into a new "
                            + "folder with `medallion run --full-refresh --source SRC --lake NEW_LAKE`"), version: file.version)
            }
        }

        let readableCheckpoint = inspection.newestReadableCheckpoint ?? -1
        for version in inspection.missing where commits[version] == nil && version > readableCheckpoint {
            let name = logName(DeltaLogPaths.commitName(version))
            problem(name, "missing version \(version); another writer made it, so no run manifest holds a copy",
                    .manual(advice: "copy \(name) back from a backup, or rebuild the lake from the sources into a new "
                        + "folder with `medallion run --full-refresh --source SRC --lake NEW_LAKE`"), version: version)
        }

        for checkpoint in inspection.checkpoints {
            guard let damage = checkpoint.damage else { continue }
            problem(logName(DeltaLogPaths.checkpointName(checkpoint.version)), damage, .rewriteCheckpoint,
                    version: checkpoint.version)
        }
        switch inspection.lastCheckpoint {
        case .absent, .valid: break
        case let .damaged(reason):
            problem(logName(DeltaLogPaths.lastCheckpoint), reason, .rewritePointer)
        case let .dangling(version, reason):
            problem(logName(DeltaLogPaths.lastCheckpoint), "points at version \(version): \(reason)", .rewritePointer)
        }
    }

    static func relative(_ path: String, _ lake: String) -> String {
        path.hasPrefix(lake + "/") ? String(path.dropFirst(lake.count + 1)) : path
    }
}
