import ArgumentParser
import Columns
import Foundation
import ObjectStorage
import Lake
import Pipeline
import SQL
import SQLShell
import Workers

/// `medallion sql --lake DIR [QUERY | -f FILE]`: Spark SQL over the lake's tables, read
/// as of the lake's last completed run.
struct SQLCommand: AsyncParsableCommand {
    enum OutputFormat: String, ExpressibleByArgument, CaseIterable { case table, csv, json, parquet }

    static let configuration = CommandConfiguration(
        commandName: "sql",
        abstract: "Run Spark SQL over the lake's tables (layer.table, e.g. gold.fact_orders_enriched).",
        discussion: """
        Statements come from QUERY, from -f FILE, or from standard input (several statements \
        separated by ';'). With neither, and standard input a terminal, an interactive shell: line editing, \
        history (in $MEDALLION_HISTORY, else ~/.medallion_history), statements over several \
        lines ending in ';', and dot commands (.tables, .schema TABLE, .mode, .timer on|off, \
        .help, .quit).
        Tables are read at the versions of the lake's last completed run.
        --format csv: a header line, RFC 4180 quoting, NULL as an empty field (an empty string as ""). --format json: \
        JSON Lines, one object per row ({"column": value, …}). --format parquet: the last statement's result as one Parquet file (--out FILE; zstd; column names must be distinct).
        The statements run on --workers threads.
        Errors exit 1 with the message and a caret under the place in the statement; bad usage exits 2.
        """)

    @Option(help: "The lake folder.")
    var lake: String

    @Argument(help: "The statement(s) to run.")
    var query: String?

    @Option(name: [.customShort("f"), .customLong("file")], help: "Read the statements from this file.")
    var file: String?

    @Option(help: "Output format: table, csv, json (JSON Lines) or parquet (needs --out).")
    var format: OutputFormat = .table

    @Option(help: "Write the results to this file instead of standard output.")
    var out: String?

    @Option(help: "Tasks running at once (default: active cores; at most 4 × them).")
    var workers: Int = WorkerCount.active

    @Option(name: .customLong("memory-limit"), help: "Memory for hash tables and sorts before they spill, e.g. 512MB.")
    var memoryLimit: String = "2GiB"

    @Flag(help: "Print each statement's row count and time on standard error.")
    var timing = false

    mutating func run() async throws {
        lake = try LakeLocation.open(lake)
        guard (try? StoragePaths.isDirectory(lake)) == true else {
            writeStandardError("error: lake folder not found: \(lake)\n")
            throw ExitCode(1)
        }
        let shell = query == nil && file == nil && isatty(STDIN_FILENO) == 1
        if shell, out != nil || format == .parquet {
            throw usage("the interactive shell prints its results: --out and --format parquet need a query or -f FILE")
        }
        let text = shell ? "" : try statements()
        let budget: MemoryBudget
        do { budget = try MemoryBudget(parsing: memoryLimit) } catch { throw usage("--memory-limit: \(error)") }
        do { try WorkerOption.check(workers) } catch { throw usage("\(error)") }
        if format == .parquet, out == nil { throw usage("--format parquet writes a file: give --out FILE") }
        let spill = try SpillDirectory()
        defer { spill.close() }
        let engine = SQLEngine(lake: lake, catalog: try Self.catalog(lake), workers: workers, budget: budget, spill: spill)
        if shell {
            await SQLShellLoop.run(engine: engine, lake: lake, mode: ShellMode(rawValue: format.rawValue) ?? .table,
                                   timer: timing)
            return
        }

        var output = ""
        do {
            let started = ContinuousClock.now
            // Statements one at a time, so each one's time and rows can be reported.
            let results = try await WorkerThreads.run(workers: workers) { try await engine.runScript(text) }
            if format == .parquet, let last = results.last {
                try writeParquet(last)
            }
            for (index, result) in results.enumerated() where format != .parquet {
                if index > 0, format == .table { output += "\n" }
                output += render(result)
            }
            if timing {
                let seconds = (ContinuousClock.now - started).seconds
                let rows = results.reduce(0) { $0 + $1.rowCount }
                writeStandardError("(\(results.count) statement\(results.count == 1 ? "" : "s"), \(rows) rows, "
                    + Format.decimal(seconds, 3) + " s)\n")
            }
        } catch let error as SQLError {
            if !output.isEmpty { try emit(output) }
            writeStandardError(error.rendered + "\n")
            throw ExitCode(1)
        } catch let error as ResultFileError {
            writeStandardError("error: \(error.message)\n")
            throw ExitCode(1)
        }
        if format != .parquet { try emit(output) }
    }

    /// A failure writing `--format parquet`'s file, said with the path.
    struct ResultFileError: Error { var message: String }

    /// `result` as one zstd Parquet file at `out`; removed again if writing fails.
    private func writeParquet(_ result: SQLResult) throws {
        guard let out else { return }
        var seen = Set<String>()
        if let repeated = result.schema.fields.map(\.name).first(where: { !seen.insert($0).inserted }) {
            throw ResultFileError(message: "--format parquet needs distinct column names; '\(repeated)' appears twice "
                + "(give the columns aliases with AS)")
        }
        do {
            let writer = try ParquetWriter(path: out, schema: result.schema,
                                           options: ParquetWriterOptions())
            do {
                for batch in result.batches where batch.rowCount > 0 { try writer.write(batch) }
                _ = try writer.finish()
            } catch {
                writer.abort()
                throw error
            }
        } catch {
            throw ResultFileError(message: "cannot write \(out): \(error)")
        }
    }

    /// The lake's catalog, pinned to its last completed run when it is a medallion lake.
    static func catalog(_ lake: String) throws -> LakeDirectoryCatalog {
        guard LakeSnapshot.isLake(lake) else { return LakeDirectoryCatalog(lake: lake) }
        let snapshot = try LakeSnapshot.load(lake: lake)
        var pinned: [String: Int64] = [:]
        for (table, version) in snapshot.versions where table.layer != .state {
            pinned[table.layer.rawValue + "." + table.name] = version
        }
        return LakeDirectoryCatalog(lake: lake, pinned: pinned, pinnedOnly: true)
    }

    private func statements() throws -> String {
        switch (query, file) {
        case (_?, _?): throw usage("give a query or -f FILE, not both")
        case let (query?, nil): return query
        case let (nil, file?):
            guard let data = FileManager.default.contents(atPath: file) else { throw usage("cannot read \(file)") }
            return String(decoding: data, as: UTF8.self)
        case (nil, nil):
            return String(decoding: FileHandle.standardInput.readDataToEndOfFile(), as: UTF8.self)
        }
    }

    private func render(_ result: SQLResult) -> String { Self.render(result, as: format) }

    /// `result` as text in `format` (table, csv, json); the shell shows its results so too.
    static func render(_ result: SQLResult, as format: OutputFormat) -> String {
        switch format {
        case .csv: return ResultText.csv(result)
        case .json: return ResultText.jsonLines(result)
        case .table, .parquet:  // parquet is written by writeParquet, never rendered as text
            let count = result.rowCount
            return TextTable.render(header: result.columnNames, rows: ResultText.cells(result))
                + "\n(\(count) row\(count == 1 ? "" : "s"))\n"
        }
    }

    private func emit(_ text: String) throws {
        if let out {
            try Data(text.utf8).write(to: URL(fileURLWithPath: out))
        } else {
            FileHandle.standardOutput.write(Data(text.utf8))
        }
    }

    private func usage(_ message: String) -> ExitCode {
        writeStandardError("Error: \(message)\nUsage: medallion sql --lake DIR [QUERY | -f FILE] [--format table|csv|json|parquet] "
            + "[--out FILE] [--workers N] [--memory-limit SIZE] [--timing]\n")
        return ExitCode(2)
    }
}
