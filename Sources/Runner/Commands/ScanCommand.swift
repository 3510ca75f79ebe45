import ArgumentParser
import Columns
import Partition
import Workers

/// `medallion scan`: reads CSV files (any mix of plain, gzip, zstd) in parallel and
/// prints the row count and optionally the exact sum of one numeric column: the
/// engine's read path end to end, and what the perf scripts compare with DuckDB.
struct ScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Scan CSV files: count rows and sum a column (decompress + parse to typed columns)."
    )

    @Argument(help: "Files or glob patterns (e.g. 'data/**/*.csv*').")
    var inputs: [String]

    @Option(help: "Column to sum, parsed as DECIMAL(18,2); empty fields are NULL and skipped.")
    var sum: String?

    @Option(help: "Tasks running at once (default: active cores; at most 4 × them).")
    var workers: Int = WorkerCount.active

    @Option(help: "Write the per-stage report as JSON to this file.")
    var report: String?

    @Option(help: "Plain CSV split size in MiB.")
    var splitMib: Int = 32

    func validate() throws {
        try WorkerOption.check(workers)
        guard (1 ... 4096).contains(splitMib) else { throw ValidationError("--split-mib must be between 1 and 4096 (got \(splitMib))") }
    }

    mutating func run() async throws {
        let started = ContinuousClock.now
        let files = try InputResolver.files(for: inputs)
        let columns = sum.map { [RequestedColumn($0, .decimal(precision: 18, scale: 2))] } ?? []
        let metrics = StageMetrics(name: "scan")
        let progress = ProgressReporter(metrics: metrics)
        let options = ScanOptions(workers: workers, splits: SplitSizes(plainBytes: splitMib << 20))
        let result = try await CSVScan.run(files: files, columns: columns, options: options, metrics: metrics) { chunk in
            var total: Int64 = 0
            if case let .decimal(values)? = chunk.parsed.batch.columns.first, columns.count == 1 {
                total = try DecimalSum.add(values)
            }
            return ScanPartial(rows: chunk.parsed.batch.rowCount, rejects: chunk.parsed.rejects.count, sum: total)
        }
        progress.stop()
        metrics.finish()
        var rows = 0, rejects = 0
        var total: Int64 = 0
        for partial in result.results {
            rows += partial.rows
            rejects += partial.rejects
            let (t, overflow) = total.addingReportingOverflow(partial.sum)
            if overflow { throw ValidationError("sum of \(sum ?? "") overflows DECIMAL(18,2)") }
            total = t
        }
        let seconds = (ContinuousClock.now - started).seconds
        var line = "rows=\(rows)"
        if sum != nil { line += " sum=\(DecimalText.string(unscaled: total, scale: 2))" }
        line += " rejected=\(rejects) seconds=\(Format.decimal(seconds, 3))"
        print(line)
        let runReport = RunReport(command: "scan", workers: workers, stages: [metrics.snapshot], totalSeconds: seconds,
                                  results: ["rows": "\(rows)", "rejected": "\(rejects)", "sum": DecimalText.string(unscaled: total, scale: 2)])
        writeStandardError(runReport.table() + "\n")
        if let report { try runReport.write(to: report) }
    }
}

struct ScanPartial: Sendable {
    var rows: Int
    var rejects: Int
    var sum: Int64
}

enum DecimalSum {
    /// Sum of the non-NULL values, overflow-checked.
    static func add(_ column: FixedColumn<Int64>) throws -> Int64 {
        var total: Int64 = 0
        for row in 0 ..< column.count where !column.isNull(row) {
            let (t, overflow) = total.addingReportingOverflow(column.values[row])
            if overflow { throw ValidationError("column sum overflows DECIMAL(18,2)") }
            total = t
        }
        return total
    }

}
