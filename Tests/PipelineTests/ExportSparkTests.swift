import Foundation
import Testing
import TestSupport
@testable import Pipeline

/// `medallion export-spark`: the exported PySpark job and medallion take turns on one lake
/// and give the same gold (compared row by row through deltalake). The job runs on a local
/// Spark Connect server (Sail, `sail spark server`: no JVM) and once on plain pyspark in
/// local mode. Needs the interop venv with pysail and pyspark (scripts/python-env.sh).
enum SparkPython {
    static let script = PythonScript(
        path: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("spark_gold_check.py").path
    ) { $0.contains("\"pysail\": true") && $0.contains("\"deltalake\": true") && $0.contains("\"sail\": true") }

    /// In CI the venv must have them: missing is a failure there, a skip on a laptop.
    static var available: Bool {
        guard MedallionCLI.available else { return false }
        if !script.isAvailable, ProcessInfo.processInfo.environment["CI"] != nil {
            Issue.record("no Python with pysail and deltalake in CI (scripts/python-env.sh)")
        }
        return script.isAvailable
    }

    static var python: String { script.interpreter?.first ?? "python3" }

    /// `python job.py --source … --lake …` with `environment` changes; fails with its stderr.
    static func runJob(_ job: String, source: String, lake: String, remote: String?, arguments: [String] = [],
                       environment extra: [String: String] = [:], log logPath: String? = nil) throws {
        var environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
        environment["SPARK_REMOTE"] = remote
        if remote == nil {
            environment["PYSPARK_SUBMIT_ARGS"] = "--master local[2] --driver-memory 1g pyspark-shell"
        }
        let log = URL(fileURLWithPath: logPath ?? lake + ".log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: python)
        process.arguments = [job, "--source", source, "--lake", lake] + arguments
        process.environment = environment
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        process.waitUntilExit()
        try handle.close()
        guard process.terminationStatus == 0 else {
            let output = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
            throw PythonScript.Failure(description: "job.py on \(lake) exited \(process.terminationStatus):\n"
                + output.suffix(4000))
        }
    }

    /// Every table of `actual` (gold, silver, bronze, quarantine, the monthly state) holds
    /// the rows of the same table in `expected`; the script exits 1 naming what differs.
    static func expectSameTables(_ expected: String, _ actual: String, parquet: Bool = false, every: String = "--all",
                                 sourceLocation: SourceLocation = #_sourceLocation) {
        do {
            let out = try script.run(["compare", expected, actual, every] + (parquet ? ["--parquet"] : []))
            #expect(out.contains("gold/fact_orders_enriched: ") && !out.contains("expected"), "\(out)",
                    sourceLocation: sourceLocation)
        } catch {
            Issue.record("tables differ: \(error)", sourceLocation: sourceLocation)
        }
    }
}

/// A Sail Spark Connect server on a free port of 127.0.0.1, stopped by `stop()`.
final class SailServer {
    let process = Process()
    let port: Int

    init(python: String, environment: [String: String] = [:]) throws {
        guard let number = Int(try SparkPython.script.run(["port"]).trimmingCharacters(in: .whitespacesAndNewlines)) else {
            throw PythonScript.Failure(description: "no free port")
        }
        port = number
        let sail = URL(fileURLWithPath: python).deletingLastPathComponent().appendingPathComponent("sail").path
        process.executableURL = URL(fileURLWithPath: sail)
        process.arguments = ["spark", "server", "--ip", "127.0.0.1", "--port", String(port)]
        process.environment = ProcessInfo.processInfo.environment.merging(environment) { $1 }
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        _ = try SparkPython.script.run(["wait", String(port)])
    }

    var remote: String { "sc://127.0.0.1:\(port)" }

    /// SIGKILL: the test process's threads block SIGTERM and SIGINT, and a child started
    /// with Foundation's Process inherits that mask, so a gentler signal would wait forever.
    func stop() {
        guard process.isRunning else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
    }
}

@Suite("export-spark: the PySpark job and medallion on one lake", .serialized)
struct ExportSparkTests {
    /// The exported job (standard rules) in `folder`.
    static func exportJob(into folder: String) throws -> String {
        let job = folder + "/job.py"
        let result = try MedallionCLI.run(["export-spark", "--out", job])
        guard result.status == 0 else { throw PythonScript.Failure(description: "export-spark: \(result.stderr)") }
        return job
    }

    static func copy(_ lake: String, to target: String) throws {
        try FileManager.default.copyItem(atPath: lake, toPath: target)
    }

    @Test("on Sail: the job's backfill, medallion + the job's increment, the job's backfill + medallion's increment")
    func takingTurns() async throws {
        guard SparkPython.available else { return }
        let reference = try TestLake()  // medallion alone: the expected gold
        let job = try Self.exportJob(into: reference.root)
        try reference.deliver(RealData.isFullLoad)
        _ = try await reference.run()
        let medallionBackfill = reference.root + "/medallion-backfill"
        try Self.copy(reference.lake, to: medallionBackfill)

        let server = try SailServer(python: SparkPython.python)
        defer { server.stop() }

        // 1. The job's backfill gives medallion's gold (and every other table).
        let sparkLake = reference.root + "/spark-backfill"
        try SparkPython.runJob(job, source: reference.source, lake: sparkLake, remote: server.remote)
        SparkPython.expectSameTables(medallionBackfill, sparkLake)

        try reference.deliver(RealData.isIncremental)
        _ = try await reference.run()

        // 2. medallion's backfill + the job's incremental run.
        let mixed = reference.root + "/medallion-then-spark"
        try Self.copy(medallionBackfill, to: mixed)
        try SparkPython.runJob(job, source: reference.source, lake: mixed, remote: server.remote)
        SparkPython.expectSameTables(reference.lake, mixed)
        let again = try await PipelineRun.run(RunOptions(source: reference.source, lake: mixed, workers: 2))
        #expect(again.newFiles == 0, "medallion takes the job's ledger: nothing new")

        // 3. The job's backfill + medallion's incremental run.
        let summary = try await PipelineRun.run(RunOptions(source: reference.source, lake: sparkLake, workers: 2))
        #expect(summary.newFiles == 32, "medallion takes the job's ledger: only the incremental files are new")
        SparkPython.expectSameTables(reference.lake, sparkLake)
    }

    /// The source and the lake on S3 (moto): Spark reads the source files and writes the data
    /// files by their s3a:// URIs, the driver lists the source and writes the Delta logs, the
    /// ledger and the manifest through pyarrow.fs. Sources zstd- and gzip-compressed, so the
    /// executors decompress them. Child dims and orders only, to keep it short.
    @Test("on Sail with S3 (moto): source and lake as s3a:// URIs give medallion's tables")
    func objectStorage() async throws {
        guard SparkPython.available else { return }
        let moto = try MotoServer.shared()
        let reference = try TestLake()
        let job = try Self.exportJob(into: reference.root)
        let isChild = { (path: String) in RealData.isFullLoad(path) && path.hasPrefix("2_child_company/") }
        try reference.deliver({ isChild($0) && $0.contains("/orders/") }, encoding: .zstdFrames)
        try reference.deliver({ isChild($0) && !$0.contains("/orders/") }, encoding: .gzipMembers)
        _ = try await reference.run()
        let bucket = "spark-\(UUID().uuidString.prefix(8).lowercased())"
        let credentials = [moto.endpoint, moto.accessKeyID, moto.secretAccessKey]
        _ = try SparkPython.script.run(["upload"] + credentials + [reference.source, bucket, "source"])

        // Sail's object store and the driver's pyarrow.fs both take the endpoint from the environment.
        let environment = moto.environment.merging(["AWS_ALLOW_HTTP": "true"]) { $1 }
        let server = try SailServer(python: SparkPython.python, environment: environment)
        defer { server.stop() }
        let runOnS3 = { (arguments: [String]) throws in
            try SparkPython.runJob(job, source: "s3a://\(bucket)/source", lake: "s3a://\(bucket)/lake", remote: server.remote,
                                   arguments: arguments, environment: environment, log: reference.root + "/s3-job.log")
        }
        #expect(throws: PythonScript.Failure.self, "an object-store lake needs --single-writer") { try runOnS3([]) }
        try runOnS3(["--single-writer"])
        let copy = reference.root + "/s3-lake"
        _ = try SparkPython.script.run(["download"] + credentials + [bucket, "lake", copy])
        SparkPython.expectSameTables(reference.lake, copy, every: "--present")
        let manifest = try String(contentsOfFile: copy + "/_medallion/runs/0000000001.json", encoding: .utf8)
        #expect(manifest.contains("\"path\":\"2_child_company/full_load/orders/"), "the ledger names the source files")
    }

    /// Minutes on two cores (JVM start, classic createDataFrame, interpreted fallbacks), so
    /// only with MEDALLION_TEST_PYSPARK_LOCAL=1.
    @Test("on plain pyspark (local mode, no Delta package): the job's backfill gives medallion's gold",
          .enabled(if: ProcessInfo.processInfo.environment["MEDALLION_TEST_PYSPARK_LOCAL"] == "1"))
    func pysparkLocal() async throws {
        guard SparkPython.available else { return }
        guard SparkPython.script.checkOutput.contains("\"java\": true"),
              SparkPython.script.checkOutput.contains("\"pyspark_classic\": true") else {
            Issue.record("local mode needs Java and the full pyspark package (scripts/python-env.sh says how)")
            return
        }
        let reference = try TestLake()
        let job = try Self.exportJob(into: reference.root)
        try reference.deliver(RealData.isFullLoad)
        _ = try await reference.run()
        let sparkLake = reference.root + "/spark-local"
        try SparkPython.runJob(job, source: reference.source, lake: sparkLake, remote: nil)
        // The Parquet files Spark wrote (those the job's Delta log names), and the Delta tables.
        SparkPython.expectSameTables(reference.lake, sparkLake, parquet: true)
        SparkPython.expectSameTables(reference.lake, sparkLake)
    }
}
