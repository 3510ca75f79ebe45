import Foundation
import Generator
import Testing
@testable import Pipeline

/// The `medallion` executable killed by the MEDALLION_FAULT hook (it exits at once,
/// no cleanup, like `kill -9`), then run again: the same gold as an uninterrupted run.
@Suite("medallion run killed and rerun", .serialized)
struct KillTests {
    /// The `medallion` binary built next to the test bundle.
    static let binary: String? = MedallionBinary.path

    func medallion(_ arguments: [String], fault: FaultPoint? = nil) throws -> Int32 {
        guard let binary = Self.binary else { throw RealData.Missing() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = arguments
        var environment = ProcessInfo.processInfo.environment
        environment["MEDALLION_FAULT"] = fault?.rawValue
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        return process.terminationStatus
    }

    @Test("killed before the commit and while publishing, the rerun converges",
          arguments: [FaultPoint.afterSilver, .beforeCommit, .midPublish])
    func killAndRerun(_ point: FaultPoint) async throws {
        guard Self.binary != nil else {
            if ProcessInfo.processInfo.environment["CI"] != nil { Issue.record("medallion binary not built next to the tests") }
            return
        }
        let expected = try await EquivalenceTests.reference()
        let lake = try TestLake()
        let run = ["run", "--source", lake.source, "--lake", lake.lake, "--workers", "2"]
        try lake.deliver(RealData.isFullLoad)
        #expect(try medallion(run) == 0)
        try lake.deliver(RealData.isIncremental)
        let before = try lake.versions()
        #expect(try medallion(run, fault: point) == 86, "the hook ends the process")
        if point != .midPublish { #expect(try lake.versions() == before, "killed before its commit point") }
        #expect(try medallion(run) == 0)
        #expect(try lake.gold() == expected)
        #expect(LakeJournal(lake: lake.lake).batches() == [1, 2])
    }

    @Test("--report writes the run summary as JSON; status lists the runs; a second run (no memory limit) reports nothing new")
    func reportAndStatus() async throws {
        guard Self.binary != nil else {
            if ProcessInfo.processInfo.environment["CI"] != nil { Issue.record("medallion binary not built next to the tests") }
            return
        }
        let lake = try TestLake()
        try lake.deliver(RealData.isFullLoad)
        let report = lake.root + "/report.json"
        #expect(try medallion(["run", "--source", lake.source, "--lake", lake.lake, "--report", report, "--quiet"]) == 0)
        let summary = try JSONDecoder().decode(RunSummary.self, from: Data(contentsOf: URL(fileURLWithPath: report)))
        #expect(summary.committed && summary.batchId == 1 && summary.isConserved)
        let orders = try #require(summary.flows.first { $0.table == "orders" })
        #expect(orders.rowsRead == 51_810 && orders.silverRows == 40_811 && orders.customerRepaired == 4_943)
        #expect(summary.tableVersions["gold/fact_orders"] == 0)
        #expect(try medallion(["status", "--lake", lake.lake]) == 0)
        #expect(try medallion(["run", "--source", lake.source, "--lake", lake.lake, "--report", report, "--quiet",
                               "--memory-limit", "none"]) == 0)
        let again = try JSONDecoder().decode(RunSummary.self, from: Data(contentsOf: URL(fileURLWithPath: report)))
        #expect(!again.committed && again.skippedFiles == 158)
        // Bad input is a clear failure, not a crash: a lake path that is a file.
        #expect(try medallion(["run", "--source", lake.source, "--lake", report]) != 0)
        #expect(try medallion(["status", "--lake", lake.source]) != 0)
        #expect(try medallion(["run", "--source", lake.source, "--lake", lake.lake, "--memory-limit", "lots"]) != 0)
    }

    @Test("a backfill of more files than the open-file limit allows at once still runs")
    func manyFilesUnderAnOpenFileLimit() async throws {
        guard let binary = Self.binary else {
            if ProcessInfo.processInfo.environment["CI"] != nil { Issue.record("medallion binary not built next to the tests") }
            return
        }
        let lake = try TestLake()
        var config = GeneratorConfig(orders: 30_000)
        config.days = 150
        config.compression = .zstd
        _ = try await SourceGenerator.write(config, to: lake.source)
        // 150 day files and 64 descriptors: files must be opened only while they are read.
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "ulimit -n 64 && exec \"$0\" run --source \"$1\" --lake \"$2\" --quiet",
                             binary, lake.source, lake.lake]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        #expect(LakeJournal(lake: lake.lake).batches() == [1])
    }
}
