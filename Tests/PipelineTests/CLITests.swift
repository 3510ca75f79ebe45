import Columns
import Foundation
import Lake
import Testing
import Workers
@testable import Pipeline

/// The `medallion` binary (built next to the tests, see `KillTests.binary`), run with
/// its output captured.
struct MedallionCLI {
    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Nil when the binary was not built (then the tests pass vacuously, or fail on CI).
    static var available: Bool {
        if KillTests.binary == nil, ProcessInfo.processInfo.environment["CI"] != nil {
            Issue.record("medallion binary not built next to the tests")
        }
        return KillTests.binary != nil
    }

    static func run(_ arguments: [String], in directory: String? = nil) throws -> Result {
        guard let binary = KillTests.binary else { throw RealData.Missing() }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("medallion-cli-" + UUID().uuidString)
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let out = scratch.appendingPathComponent("stdout"), err = scratch.appendingPathComponent("stderr")
        FileManager.default.createFile(atPath: out.path, contents: nil)
        FileManager.default.createFile(atPath: err.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        if let directory { process.currentDirectoryURL = URL(fileURLWithPath: directory) }
        // Files, not pipes: a long output cannot block the child.
        process.standardOutput = try FileHandle(forWritingTo: out)
        process.standardError = try FileHandle(forWritingTo: err)
        try process.run()
        process.waitUntilExit()
        return Result(status: process.terminationStatus,
                      stdout: (try? String(contentsOf: out, encoding: .utf8)) ?? "",
                      stderr: (try? String(contentsOf: err, encoding: .utf8)) ?? "")
    }
}

@Suite("medallion CLI on bad input", .serialized)
struct CLITests {
    @Test("--workers above 4 × the active cores is refused by every command that takes it")
    func workersBounded() throws {
        guard MedallionCLI.available else { return }
        let lake = try TestLake()
        let csv = lake.root + "/in.csv"
        try Data("a,b\n1,2\n".utf8).write(to: URL(fileURLWithPath: csv))
        let tooMany = String(WorkerCount.maximum + 1)
        let commands: [[String]] = [
            ["run", "--source", lake.source, "--lake", lake.lake],
            ["demo", "--dir", lake.root + "/demo"],
            ["scan", csv, "--sum", "b"],
            ["aggregate", csv, "--group-by", "a"],
            ["convert", csv, "--schema", "a:text", "--out", lake.root + "/out.parquet"],
            ["generate", "--out", lake.root + "/generated", "--orders", "10"],
        ]
        for command in commands {
            let result = try MedallionCLI.run(command + ["--workers", tooMany])
            #expect(result.status != 0, "\(command[0]) accepted --workers \(tooMany)")
            #expect(result.stderr.contains("--workers must be at most"), "\(command[0]): \(result.stderr)")
            let zero = try MedallionCLI.run(command + ["--workers", "0"])
            #expect(zero.status != 0 && zero.stderr.contains("--workers must be at least 1"), "\(command[0]): \(zero.stderr)")
        }
        #expect(!FileManager.default.fileExists(atPath: lake.root + "/demo"))
        #expect(!FileManager.default.fileExists(atPath: lake.root + "/generated"))
        #expect(try MedallionCLI.run(["scan", csv, "--sum", "b", "--workers", "1"]).status == 0)
    }

    @Test("run: a wrong --source exits 1 saying what was expected; extra columns are reported on stdout, stderr and in --report")
    func runReports() throws {
        guard MedallionCLI.available else { return }
        let lake = try TestLake()
        let empty = try MedallionCLI.run(["run", "--source", lake.source, "--lake", lake.lake])
        #expect(empty.status == 1)
        #expect(empty.stderr.contains("is empty: expected files under 1_parent_company/ and/or 2_child_company/"), "\(empty.stderr)")
        let file = lake.root + "/notes.txt"
        try Data("x".utf8).write(to: URL(fileURLWithPath: file))
        let notFolder = try MedallionCLI.run(["run", "--source", file, "--lake", lake.lake])
        #expect(notFolder.status == 1 && notFolder.stderr.contains("is a file; expected a folder"), "\(notFolder.stderr)")
        #expect(!FileManager.default.fileExists(atPath: lake.lake))

        try lake.deliver(BadInputTests.parentDims)
        let path = lake.source + "/1_parent_company/full_load/dim_gross_price.csv"
        let text = try String(contentsOfFile: path, encoding: .utf8)
        try text.split(separator: "\n").enumerated().map { $0 == 0 ? $1 + ",comment" : $1 + "," }
            .joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let report = lake.root + "/report.json"
        let run = try MedallionCLI.run(["run", "--source", lake.source, "--lake", lake.lake, "--quiet", "--report", report])
        let line = "parent_dim_gross_price: extra column(s) comment ignored in 1_parent_company/full_load/dim_gross_price.csv"
        #expect(run.status == 0)
        #expect(run.stdout.contains("\n" + line + "\n"), "\(run.stdout)")
        #expect(run.stderr == "warning: " + line + "\n", "--quiet drops stage lines, not warnings")
        let summary = try JSONDecoder().decode(RunSummary.self, from: Data(contentsOf: URL(fileURLWithPath: report)))
        #expect(summary.extraColumns == [ExtraColumns(table: "parent_dim_gross_price",
                                                      file: "1_parent_company/full_load/dim_gross_price.csv",
                                                      columns: ["comment"])])
        // Already ingested: nothing new, exit 0.
        let again = try MedallionCLI.run(["run", "--source", lake.source, "--lake", lake.lake, "--quiet"])
        #expect(again.status == 0 && again.stdout.hasPrefix("nothing new: 3 source files already ingested"))
    }

    @Test("show --limit 0 prints no rows; tables on a missing lake exits 1")
    func tableCommands() async throws {
        guard MedallionCLI.available else { return }
        let lake = try TestLake()
        try lake.deliver(BadInputTests.parentDims)
        _ = try await lake.run()
        let none = try MedallionCLI.run(["show", "bronze.parent_dim_customers", "--lake", lake.lake, "--limit", "0"])
        #expect(none.status == 0)
        let lines = none.stdout.split(separator: "\n")
        #expect(lines.count == 3, "header, rule and the count: \(none.stdout)")
        #expect(lines.last?.hasPrefix("(0 of ") == true)
        let two = try MedallionCLI.run(["show", "bronze.parent_dim_customers", "--lake", lake.lake, "--limit", "2"])
        #expect(two.stdout.split(separator: "\n").count == 5 && two.stdout.contains("(2 of "))
        #expect(try MedallionCLI.run(["show", "bronze.parent_dim_customers", "--lake", lake.lake, "--limit", "-1"]).status != 0)

        let missing = try MedallionCLI.run(["tables", "--lake", lake.root + "/no-such-lake"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("lake folder \(lake.root)/no-such-lake does not exist"), "\(missing.stderr)")
        let tables = try MedallionCLI.run(["tables", "--lake", lake.lake])
        #expect(tables.status == 0 && tables.stdout.contains("bronze/parent_dim_customers"))
    }
}

@Suite("medallion sql output files", .serialized)
struct SQLOutputCLITests {
    @Test("--format parquet writes the last result as one Parquet file, the rows --format csv prints; it needs --out and distinct names")
    func parquetResult() async throws {
        guard MedallionCLI.available else { return }
        let lake = try await SmallLake.copy()
        let query = "SELECT date, count(*) AS n, sum(sold_quantity) AS qty FROM gold.fact_orders GROUP BY date ORDER BY date"
        let file = lake.root + "/result.parquet"
        let written = try MedallionCLI.run(["sql", "--lake", lake.lake, query, "--format", "parquet", "--out", file])
        #expect(written.status == 0, "\(written.stderr)")
        #expect(written.stdout.isEmpty)
        let csv = try MedallionCLI.run(["sql", "--lake", lake.lake, query, "--format", "csv"])
        #expect(csv.status == 0, "\(csv.stderr)")

        let reader = try ParquetReader(path: file)
        #expect(reader.schema.fields.map(\.name) == ["date", "n", "qty"])
        var lines = [reader.schema.fields.map(\.name).joined(separator: ",")]
        for batch in try reader.read() {
            for row in 0 ..< batch.rowCount {
                lines.append(zip(batch.columns, batch.schema.fields).map { column, field in
                    ValueText.string(column, row, type: field.type) ?? ""
                }.joined(separator: ","))
            }
        }
        #expect(lines.count > 1)
        #expect(lines.joined(separator: "\n") + "\n" == csv.stdout.replacingOccurrences(of: "\r\n", with: "\n"))

        let noFile = try MedallionCLI.run(["sql", "--lake", lake.lake, query, "--format", "parquet"])
        #expect(noFile.status == 2 && noFile.stderr.contains("give --out FILE"), "\(noFile.stderr)")
        let repeated = try MedallionCLI.run(["sql", "--lake", lake.lake, "SELECT 1, 1", "--format", "parquet",
                                             "--out", lake.root + "/r2.parquet"])
        #expect(repeated.status == 1 && repeated.stderr.contains("distinct column names"), "\(repeated.stderr)")
    }
}
