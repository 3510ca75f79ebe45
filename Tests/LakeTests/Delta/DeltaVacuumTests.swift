import Foundation
import Columns
import Testing
@testable import Lake

@Suite("Delta vacuum")
struct DeltaVacuumTests {
    static func age(_ path: String, hours: Double) throws {
        try FileManager.default.setAttributes([.modificationDate: Date(timeIntervalSinceNow: -hours * 3600)], ofItemAtPath: path)
    }

    @Test("retention zero deletes removed files, never live ones; dry run only lists")
    func basic() throws {
        let dir = TempDirectory()
        defer { dir.cleanup() }
        let table = try DeltaTable.create(at: dir.path, schema: DeltaFixtures.schema, partitionColumns: ["region"])
        let old = try DeltaFixtures.file(in: dir.path, region: "eu")
        let us = try DeltaFixtures.file(in: dir.path, region: "us")
        try table.append([old, us])
        let new = try DeltaFixtures.file(in: dir.path, region: "eu")
        try table.replacePartitions([["region": .text("eu")]], with: [new])
        // Things vacuum must never touch.
        try "x".write(toFile: dir.path + "/.hidden", atomically: true, encoding: .utf8)
        try FileManager.default.createDirectory(atPath: dir.path + "/_change_data", withIntermediateDirectories: true)
        try "x".write(toFile: dir.path + "/_change_data/c.parquet", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: dir.path + "/link.parquet", withDestinationPath: dir.path + "/" + new.path)
        for p in [".hidden", "_change_data/c.parquet"] { try Self.age(dir.path + "/" + p, hours: 1000) }

        let dry = try table.vacuum(retention: .zero, dryRun: true)
        #expect(dry.files == [old.path])
        #expect(dry.dryRun && dry.commitVersion == nil)
        #expect(DeltaFixtures.exists(dir.path, old.path))
        #expect(try table.latestVersion() == 2)

        let done = try table.vacuum(retention: .zero)
        #expect(done.files == [old.path])
        #expect(done.commitVersion == 3)
        #expect(!DeltaFixtures.exists(dir.path, old.path))
        for p in [us.path, new.path, ".hidden", "_change_data/c.parquet", "_delta_log/00000000000000000000.json"] {
            #expect(DeltaFixtures.exists(dir.path, p), "\(p)")
        }
        let entry = try #require(try table.history(limit: 1).first)
        #expect(entry.operation == "VACUUM")
        #expect(entry.operationMetrics["numDeletedFiles"] == "1")
        #expect(try table.snapshot().files.count == 2)
        // Nothing left to do: no commit.
        #expect(try table.vacuum(retention: .zero).commitVersion == nil)
    }

    @Test("files of versions inside the retention window survive; older ones go")
    func retentionWindow() throws {
        let dir = TempDirectory()
        defer { dir.cleanup() }
        let table = try DeltaTable.create(at: dir.path, schema: DeltaFixtures.schema, partitionColumns: ["region"])
        let f1 = try DeltaFixtures.file(in: dir.path, region: "eu")
        let f2 = try DeltaFixtures.file(in: dir.path, region: "eu")
        let f3 = try DeltaFixtures.file(in: dir.path, region: "eu")
        let now = Int64(Date().timeIntervalSince1970 * 1000)
        let hour: Int64 = 3_600_000
        // Hand-written history with old timestamps: v1 adds f1 (3h ago), v2
        // swaps in f2 (2h ago), v3 swaps in f3 (30 min ago).
        func commit(_ v: Int64, at t: Int64, add: DeltaDataFile, remove: DeltaDataFile?) throws {
            var actions: [DeltaAction] = [.commitInfo(DeltaCommitInfo(timestamp: t, operation: "WRITE"))]
            if let remove { actions.append(.remove(DeltaAddFile(file: remove, modificationTime: t).removal(at: t))) }
            actions.append(.add(DeltaAddFile(file: add, modificationTime: t)))
            #expect(try table.log.writeCommit(v, actions: actions))
        }
        try commit(1, at: now - 3 * hour, add: f1, remove: nil)
        try commit(2, at: now - 2 * hour, add: f2, remove: f1)
        try commit(3, at: now - hour / 2, add: f3, remove: f2)
        // An untracked file older than the window, and one inside it.
        let staleOrphan = try DeltaFixtures.file(in: dir.path, region: "eu")
        let freshOrphan = try DeltaFixtures.file(in: dir.path, region: "eu")
        try Self.age(dir.path + "/" + staleOrphan.path, hours: 5)

        // One hour: version 2 was current at the cutoff, so f2 stays; f1 goes.
        let oneHour = try table.vacuum(retention: .seconds(3600), dryRun: true)
        #expect(Set(oneHour.files) == [f1.path, staleOrphan.path])
        // Four hours: every version (and f1) is inside the window.
        #expect(try table.vacuum(retention: .seconds(4 * 3600), dryRun: true).files == [staleOrphan.path])
        // Zero: only the live file and the fresh orphan… which is also past a zero window.
        #expect(Set(try table.vacuum(retention: .zero, dryRun: true).files) == [f1.path, f2.path, staleOrphan.path, freshOrphan.path])
        #expect(throws: DeltaError.self) { try table.vacuum(retention: .seconds(-1)) }
    }
}
