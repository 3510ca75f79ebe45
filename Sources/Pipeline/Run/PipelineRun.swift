import Foundation
import Lake
import Columns
import SportsBar
import Workers

/// `medallion run`: one batch of new source files through bronze, silver and gold,
/// committed to the lake as one unit.
///
/// Steps: take the lake lock; repair what the run manifests can restore, complete a
/// run that died while publishing and remove what failed runs left; find the
/// new files; read them into bronze and quarantine, build silver (child dims,
/// parent tables, orders), recompute the gold months and dims they touch; check row
/// conservation; then commit every changed table at once (see `LakeJournal`).
public enum PipelineRun {
    /// The run on `options.workers` threads of its own (`WorkerThreads`): --workers N uses
    /// N cores.
    public static func run(_ options: RunOptions) async throws -> RunSummary {
        let traffic = StorageTraffic([options.source, options.lake])
        var summary = try await WorkerThreads.run(workers: options.workers) { try await runOnWorkers(options) }
        summary.objectStorage = traffic.since()
        if let moved = summary.objectStorage {
            options.progress?("object storage: read \(moved.bytesRead) bytes, wrote \(moved.bytesWritten) bytes, "
                + "\(moved.requests) requests, \(moved.retries) retries")
        }
        return summary
    }

    private static func runOnWorkers(_ options: RunOptions) async throws -> RunSummary {
        let start = ContinuousClock.now
        // A wrong --source (missing, a file, no source table's files) must not leave a
        // new, empty lake behind: list it before the lake is touched.
        let listing = try SourceDiscovery.list(source: options.source, tables: SourceTable.all)
        let listingSeconds = (ContinuousClock.now - start).seconds
        for warning in listing.warnings { options.warning?(warning) }
        try LakeFiles.makeDirectory(options.lake)
        let lock = try LakeLock(lake: options.lake)
        defer { lock.release() }
        if let cleanup = lock.cleanup { options.progress?("lease: " + cleanup) }
        try RunPreparation.prepare(lake: options.lake, progress: options.progress)
        let journal = LakeJournal(lake: options.lake)

        let lastBatch = journal.lastBatch
        let mode: RunMode = options.fullRefresh ? .fullRefresh : (lastBatch == 0 ? .backfill : .incremental)
        let ingested = mode == .fullRefresh ? [:] : try journal.ingestedFiles()
        let discoveryStart = ContinuousClock.now
        let sources = try SourceDiscovery.discover(listing, tables: SourceTable.all, ingested: ingested)
        let discoverySeconds = listingSeconds + (ContinuousClock.now - discoveryStart).seconds
        options.progress?("discovery: \(sources.newFileCount) new files, \(sources.alreadyIngested) already ingested "
            + "(\(Format.decimal(discoverySeconds, 2)) s)")
        try options.fault?.check(.afterDiscovery)

        let batchId = lastBatch + 1
        guard !sources.isEmpty else {
            try CleanEndMarker.set(options.lake)
            return RunSummary(batchId: lastBatch, mode: mode, committed: false, newFiles: 0,
                              skippedFiles: sources.alreadyIngested, flows: [], touchedMonths: [], enrichedFullRefresh: false,
                              tableVersions: [:], rowsWritten: [:],
                              stages: [StageTiming(stage: "discovery", seconds: discoverySeconds, detail: "no new files")],
                              seconds: (ContinuousClock.now - start).seconds, extraColumns: [], warnings: sources.warnings)
        }

        let context = try RunContext(options: options, batchId: batchId, mode: mode, sources: sources)
        defer { context.spill.close() }
        context.stages.append(StageTiming(stage: "discovery", seconds: discoverySeconds,
                                          detail: "\(sources.newFileCount) new files"))
        let startedAt = ISO8601DateFormatter().string(from: Date())

        let child = try await context.stage("child dims") { () -> (ChildDims, String) in
            let dims = try await ChildDimsStage.run(context)
            return (dims, "customers \(dims.customers.rowCount), products \(dims.products.rowCount), "
                + "gross_price \(dims.grossPrice.rowCount)" + (dims.changed ? " (rebuilt)" : " (unchanged)"))
        }
        let parent = try await context.stage("parent tables") { () -> (ParentRows, String) in
            let rows = try await ParentStage.run(context)
            let typed = ParentTable.allCases.reduce(0) { $0 + (rows.newTyped[$1]?.rowCount ?? 0) }
            return (rows, "\(typed) typed rows")
        }
        try options.fault?.check(.afterBronze)
        let orders = try await context.stage("orders") { () -> (OrdersStage.Outcome, String) in
            let outcome = try await OrdersStage.run(context, products: child.lookup)
            let flow = context.flows[SourceTable.orders.name]
            return (outcome, "\(flow?.rowsRead ?? 0) read, \(flow?.silverRows ?? 0) to silver, \(flow?.quarantined ?? 0) quarantined")
        }
        try options.fault?.check(.afterSilver)
        // The orders stage's dedup is gone: give its pages back before gold allocates its own.
        AllocatorTuning.releaseFreeMemory()
        let gold = try await context.stage("gold") { () -> (GoldStage.Outcome, String) in
            let outcome = try await GoldStage.run(context, child: child, parent: parent, orders: orders)
            return (outcome, "\(outcome.touchedMonths.count) fact months recomputed"
                + (outcome.enrichedFull ? ", enriched rebuilt in full" : ""))
        }
        try options.fault?.check(.afterGold)

        // §5: no row disappears without a reason.
        let flows = SourceTable.all.compactMap { context.flows[$0.name] }
        for flow in flows where !flow.isConserved {
            throw PipelineError.conservationViolated(
                table: flow.table, detail: "\(flow.rowsRead) rows read, \(flow.silverRows) in silver, "
                    + "\(flow.quarantined) in quarantine")
        }

        var files: [IngestedFile] = []
        for list in sources.newFiles.values {
            for file in list {
                guard var identity = sources.identities[file.relativePath] else { continue }
                identity.records = context.recordsPerFile[file.relativePath] ?? 0
                files.append(identity)
            }
        }
        files.sort { $0.path < $1.path }
        var summary = RunSummary(
            batchId: batchId, mode: mode, committed: true, newFiles: sources.newFileCount,
            skippedFiles: sources.alreadyIngested, flows: flows,
            touchedMonths: gold.touchedMonths.sorted().map { DeltaValue.date($0).partitionText }, enrichedFullRefresh: gold.enrichedFull,
            tableVersions: Dictionary(uniqueKeysWithValues: context.commits.map { ($0.table.description, $0.commit.version) }),
            rowsWritten: Dictionary(uniqueKeysWithValues: context.commits.map { ($0.table.description, $0.rowsWritten) }),
            stages: context.stages, seconds: 0)
        summary.spilledBytes = context.spill.metrics.spilledBytes
        summary.extraColumns = context.extraColumns
        summary.warnings = sources.warnings
        try options.fault?.check(.beforeCommit)
        try lock.checkHeld()
        let commitStart = ContinuousClock.now
        summary.seconds = (ContinuousClock.now - start).seconds
        let manifest = RunManifest(batchId: batchId, mode: mode, source: options.source, startedAt: startedAt,
                                   committedAt: ISO8601DateFormatter().string(from: Date()), commits: context.commits,
                                   files: files, summary: summary)
        try journal.commit(manifest, fault: options.fault)
        try CleanEndMarker.set(options.lake)
        let commitSeconds = (ContinuousClock.now - commitStart).seconds
        summary.stages.append(StageTiming(stage: "commit", seconds: commitSeconds,
                                          detail: "\(context.commits.count) tables"))
        options.progress?("commit: \(context.commits.count) tables as batch \(batchId) (\(Format.decimal(commitSeconds, 2)) s)")
        summary.seconds = (ContinuousClock.now - start).seconds
        summary.plans = context.plans.map { StagePlanReport(stage: $0.stage, plan: PlanNode($0.plan)) }
        return summary
    }
}
