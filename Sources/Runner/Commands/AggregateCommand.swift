import ArgumentParser
import Foundation
import Columns
import ObjectStorage
import Partition
import Workers

/// `medallion aggregate`: group-by over CSV files through the engine's scan →
/// shuffle → merge plan, under a memory limit (spilling to disk past it).
struct AggregateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "aggregate",
        abstract: "Group CSV rows by key columns and count/sum them, in parallel and within a memory limit."
    )

    @Argument(help: "Files or glob patterns.")
    var inputs: [String]

    @Option(name: .customLong("group-by"), help: "Comma-separated key columns (text).")
    var groupBy: String

    @Option(help: "Comma-separated columns to sum, parsed as DECIMAL(18,2).")
    var sum: String?

    @Option(name: .customLong("memory-limit"), help: "Memory for shuffles and hash tables, e.g. 512MB, 2GiB.")
    var memoryLimit: String = "2GiB"

    @Option(help: "Tasks running at once (default: active cores; at most 4 × them).")
    var workers: Int = WorkerCount.active

    @Option(help: "Write the result as a table into this folder or s3:// prefix (replacing its contents in one commit).")
    var output: String?

    @Option(help: "Table format of --output: delta (Parquet + Delta log) or csv (files + manifest; local folders only).")
    var format: OutputTableFormat = .delta

    @Option(help: "Print at most this many result rows (sorted by key).")
    var show: Int = 20

    @Option(help: "Write the per-stage report as JSON to this file.")
    var report: String?

    @Option(name: .customLong("spill-dir"), help: "Folder for spill files (default: the system temp folder).")
    var spillDir: String?

    func validate() throws {
        try WorkerOption.check(workers)
        guard show >= 0 else { throw ValidationError("--show must be 0 or more (got \(show))") }
        // A csv table commits by renaming its staged files into place, which object storage cannot do.
        if let output, format == .csv, ObjectStores.isRemote(output) {
            throw ValidationError("--format csv cannot write to \(output): its commit renames staged files into place, "
                + "which object storage has no operation for; use --format delta (the Delta log commits on S3 with a conditional PUT)")
        }
    }

    mutating func run() async throws {
        let started = ContinuousClock.now
        let keys = groupBy.split(separator: ",").map { String($0) }
        let sums = (sum ?? "").split(separator: ",").map { String($0) }
        let budget = try MemoryBudget(parsing: memoryLimit)
        let files = try InputResolver.files(for: inputs)
        let columns = keys.map { RequestedColumn($0) } + sums.map { RequestedColumn($0, .decimal(precision: 18, scale: 2)) }
        let aggregates = [AggregateExpression(.countAll, as: "count")] + sums.map { AggregateExpression(.sum($0), as: "sum_\($0)") }
        let spill = try SpillDirectory(parent: spillDir)
        defer { spill.close() }
        let plan = StagePlan.withProgress(workers: workers)
        let result = try await ParallelAggregate(groupBy: keys, aggregates: aggregates, columns: columns, partitions: workers * 4)
            .run(files: files, plan: plan, options: ScanOptions(workers: workers), budget: budget, spillDirectory: spill)

        let groups = result.reduce(0) { $0 + $1.rowCount }
        if let output, let schema = result.first?.schema {
            try await plan.stage("write") { metrics in
                let files = try TableOutput.write(result, schema: schema, to: output, format: format)
                metrics.add(rowsOut: groups, bytesOut: files.reduce(0) { $0 + $1.bytes })
            }
        }
        printRows(result)
        let seconds = (ContinuousClock.now - started).seconds
        print("groups=\(groups) seconds=\(Format.decimal(seconds, 3)) peak_memory_budget=\(Format.bytes(budget.peak))")
        let runReport = RunReport(command: "aggregate", workers: workers, stages: plan.stages, totalSeconds: seconds,
                                  results: ["groups": "\(groups)", "spill_bytes": "\(spill.metrics.spilledBytes)"])
        writeStandardError(runReport.table() + "\n")
        if let report { try runReport.write(to: report) }
    }

    func printRows(_ batches: [RecordBatch]) {
        guard show > 0, let schema = batches.first?.schema else { return }
        var lines: [String] = []
        for batch in batches {
            for row in 0 ..< batch.rowCount {
                lines.append(batch.columns.enumerated().map { c, column in
                    ValueText.string(column, row, type: schema.fields[c].type) ?? "NULL"
                }.joined(separator: ","))
            }
        }
        print(schema.fields.map(\.name).joined(separator: ","))
        for line in lines.sorted().prefix(show) { print(line) }
        if lines.count > show { print("… \(lines.count - show) more") }
    }
}
