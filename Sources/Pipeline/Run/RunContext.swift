import Foundation
import Lake
import Columns
import SportsBar
import Workers

/// Everything one run shares between its stages: where to read and write, the
/// batch being built, and what it has prepared so far. Only the orchestrating task
/// touches it (the parallel work happens inside the scans and operators).
final class RunContext {
    let options: RunOptions
    let store: TableStore
    let batchId: Int64
    let mode: RunMode
    let sources: DiscoveredSources
    let budget: MemoryBudget
    let spill: SpillDirectory
    var scanOptions: ScanOptions { ScanOptions(workers: options.workers) }

    private(set) var commits: [TableCommit] = []
    var flows: [String: TableFlow] = [:]
    var stages: [StageTiming] = []
    var recordsPerFile: [String: Int] = [:]
    var extraColumns: [ExtraColumns] = []
    /// The plans the stages ran, in order, with their metrics (`medallion run --explain`).
    private(set) var plans: [ExecutedPlan] = []

    init(options: RunOptions, batchId: Int64, mode: RunMode, sources: DiscoveredSources) throws {
        self.options = options
        var parquet = ParquetWriterOptions()
        // The plans write from every partition at once: a file's columns are encoded by its
        // own task, not by more threads on top of --workers.
        parquet.encodingThreads = 1
        if let limit = options.memoryLimit {
            // Open files (a few per table and partition) each hold one row group's pages.
            parquet.rowGroupBytes = min(parquet.rowGroupBytes, max(1 << 20, limit / 64))
        }
        store = TableStore(lake: options.lake, parquet: parquet)
        self.batchId = batchId
        self.mode = mode
        self.sources = sources
        budget = options.memoryLimit.map { MemoryBudget(limit: Self.operatorShare(of: $0)) } ?? .unlimited()
        // Spill files are local: a remote lake's runs spill to the machine's temp folder.
        let scratch = LakeLocation.isRemote(options.lake) ? NSTemporaryDirectory() + "medallion-spill"
            : LakeLayout.scratchDirectory(options.lake)
        try LakeFiles.makeDirectory(scratch)
        spill = try SpillDirectory(parent: scratch)
    }

    var fullRefresh: Bool { mode == .fullRefresh }

    /// The part of a run's memory limit the growing operators (dedup, aggregation, sort,
    /// shuffle) may reserve. The rest holds what does not grow with the data — scan
    /// buffers, open files' row groups, the estimates' slack — about 2 GiB at most: a
    /// tight limit gives the operators a third, a large one (the default, half the RAM)
    /// all but those 2 GiB, so a big backfill does not spill while memory is free.
    static func operatorShare(of limit: Int) -> Int {
        max(1 << 20, max(limit / 3, limit - (2 << 30)))
    }

    /// What the operators of a plan share: the run's workers, memory budget and spill directory.
    var taskContext: TaskContext { TaskContext(workers: options.workers, budget: budget, spill: spill) }

    /// Runs `plan` to its end on every core (its sinks do the writing) and keeps it for the
    /// run's plan text.
    func execute(_ plan: any ExecutionPlan, stage: String) async throws {
        plans.append(ExecutedPlan(stage: stage, plan: plan))
        try await PlanExecution.drain(plan, context: taskContext)
    }

    /// Runs `plan` like `execute` and holds its output for a later plan, under the memory
    /// budget (spilled past it).
    func materialize(_ plan: any ExecutionPlan, stage: String) async throws -> MaterializedExec {
        plans.append(ExecutedPlan(stage: stage, plan: plan))
        return try await MaterializedExec.run(plan, context: taskContext)
    }

    /// Rows of a table as the lake holds them before this run (none in a full refresh,
    /// which rebuilds everything from the source files).
    func existing(_ table: LakeTable, columns: [String]? = nil,
                  dates: (column: String, values: Set<Int32>)? = nil) throws -> [RecordBatch] {
        fullRefresh ? [] : try store.read(table, columns: columns, dates: dates)
    }

    /// Writes `batches` as data files of `table` and prepares its next commit.
    func write(_ table: LakeTable, _ batches: [RecordBatch], mode: TableWriteMode, operation: String) throws {
        try commit(table, files: store.writeFiles(table, batches), mode: mode, operation: operation)
    }

    /// Prepares the commit of files already written under `table`; appends become
    /// overwrites in a full refresh.
    func commit(_ table: LakeTable, files: [WrittenFile], mode: TableWriteMode, operation: String) throws {
        if let commit = try store.prepare(table, files: files, mode: fullRefresh ? .overwrite : mode, operation: operation) {
            commits.append(commit)
        }
    }

    /// Keeps what a bronze scan learned about its files: records for the ledger, and
    /// extra columns (reported at once and in the summary).
    func noteScanned(_ scanned: ScannedSource) {
        recordsPerFile.merge(scanned.recordsPerFile) { $0 + $1 }
        guard !scanned.extraColumns.isEmpty else { return }
        extraColumns += scanned.extraColumns
        for line in ExtraColumns.summaryLines(scanned.extraColumns) { options.warning?(line) }
    }

    /// Runs `body` as a named stage: timed, reported through `progress`.
    func stage<T>(_ name: String, _ body: () async throws -> (T, String)) async throws -> T {
        let start = ContinuousClock.now
        let (value, detail) = try await body()
        let seconds = (ContinuousClock.now - start).seconds
        stages.append(StageTiming(stage: name, seconds: seconds, detail: detail))
        options.progress?("\(name): \(detail) (\(Format.decimal(seconds, 2)) s)")
        return value
    }
}

/// A plan one stage of a run executed, kept with its metrics for the run's plan text.
public struct ExecutedPlan: Sendable {
    public let stage: String
    public let plan: any ExecutionPlan
}
