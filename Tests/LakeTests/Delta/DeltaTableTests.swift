import Foundation
import Columns
import Testing
@testable import Lake

@Suite("Delta table: commits, snapshots, time travel, history")
struct DeltaTableTests {
    @Test("create writes version 0 with protocol, metadata and commitInfo")
    func create() throws {
        let dir = TempDirectory()
        defer { dir.cleanup() }
        let table = try DeltaTable.create(at: dir.path, schema: DeltaFixtures.schema, partitionColumns: ["region"])
        #expect(DeltaFixtures.exists(dir.path, "_delta_log/00000000000000000000.json"))
        let snap = try table.snapshot()
        #expect(snap.version == 0)
        #expect(snap.protocol == .current)
        #expect(snap.schema == DeltaFixtures.schema)
        #expect(snap.partitionColumns == ["region"])
        #expect(snap.files.isEmpty)
        #expect(snap.metadata.id.count == 36)
        #expect(try table.history().first?.operation == "CREATE TABLE")
        #expect(throws: DeltaError.tableAlreadyExists(table: dir.path)) {
            try DeltaTable.create(at: dir.path, schema: DeltaFixtures.schema)
        }
        #expect(table.exists)
        #expect(!DeltaTable(path: dir.path + "/nope").exists)
        #expect(throws: DeltaError.tableNotFound(table: dir.path + "/nope")) { try DeltaTable(path: dir.path + "/nope").snapshot() }
    }

    @Test("appends replay into the live file set; typed descriptors come back")
    func appendsAndReplay() throws {
        let dir = TempDirectory()
        defer { dir.cleanup() }
        let table = try DeltaTable.create(at: dir.path, schema: DeltaFixtures.schema, partitionColumns: ["region"])
        let a = try DeltaFixtures.file(in: dir.path, region: "eu", rows: 3)
        let b = try DeltaFixtures.file(in: dir.path, region: "us east", rows: 4)
        let c = try DeltaFixtures.file(in: dir.path, region: nil, rows: 5)
        #expect(try table.append([a]).version == 1)
        #expect(try table.append([b, c]).version == 2)
        let snap = try table.snapshot()
        #expect(snap.version == 2)
        #expect(snap.files.count == 3)
        #expect(snap.numRecords == 12)
        let typed = try snap.dataFiles()
        #expect(Set(typed.map(\.path)) == Set([a.path, b.path, c.path]))
        let back = try #require(typed.first { $0.path == b.path })
        #expect(back.partitionValues == ["region": .text("us east")])
        #expect(back.stats == b.stats)
        #expect(try #require(typed.first { $0.path == c.path }).partitionValues == ["region": DeltaValue?.none])
        #expect(snap.files(matching: ["region": .text("eu")]).map(\.relativePath) == [a.path])
        #expect(snap.files(matching: ["region": DeltaValue?.none]).map(\.relativePath) == [c.path])

        // Raw log shape: one action per line, commitInfo first, URL-encoded path.
        let text = try String(contentsOfFile: dir.path + "/_delta_log/00000000000000000002.json", encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines.first?.hasPrefix(#"{"commitInfo":"#) == true)
        #expect(text.contains("region=us%20east/"))
    }

    @Test("time travel replays up to the requested version")
    func timeTravel() throws {
        let dir = TempDirectory()
        defer { dir.cleanup() }
        let table = try DeltaTable.create(at: dir.path, schema: DeltaFixtures.schema, partitionColumns: ["region"])
        let a = try DeltaFixtures.file(in: dir.path, region: "eu")
        let b = try DeltaFixtures.file(in: dir.path, region: "us")
        try table.append([a])
        try table.append([b])
        try table.overwrite(with: [])
        #expect(try table.snapshot(version: 0).files.isEmpty)
        #expect(try table.snapshot(version: 1).files.map(\.relativePath) == [a.path])
        #expect(try Set(table.snapshot(version: 2).files.map(\.relativePath)) == [a.path, b.path])
        let v3 = try table.snapshot(version: 3)
        #expect(v3.files.isEmpty)
        #expect(Set(v3.tombstones.map(\.relativePath)) == [a.path, b.path])
        #expect(try table.snapshot() == v3)
        #expect(throws: DeltaError.versionNotFound(table: dir.path, version: 4, latest: 3)) { try table.snapshot(version: 4) }
        #expect(throws: DeltaError.versionNotFound(table: dir.path, version: -1, latest: 3)) { try table.snapshot(version: -1) }
    }

    @Test("history lists versions with operation, timestamp and row metrics")
    func history() throws {
        let dir = TempDirectory()
        defer { dir.cleanup() }
        let table = try DeltaTable.create(at: dir.path, schema: DeltaFixtures.schema, partitionColumns: ["region"])
        try table.append([DeltaFixtures.file(in: dir.path, region: "eu", rows: 7)])
        try table.overwrite(with: [DeltaFixtures.file(in: dir.path, region: "us", rows: 2)])
        try table.commit(adds: [], removes: try table.snapshot().files.map { $0.removal(at: 1) },
                         operation: .delete(predicate: "region = 'us'"), metrics: ["numDeletedRows": "2"])
        let history = try table.history()
        #expect(history.map(\.version) == [3, 2, 1, 0])
        #expect(history.map(\.operation) == ["DELETE", "WRITE", "WRITE", "CREATE TABLE"])
        #expect(history[0].rowsRemoved == 2)
        #expect(history[1].rowsAdded == 2)
        #expect(history[1].rowsRemoved == 7)
        #expect(history[1].operationParameters["mode"] == "Overwrite")
        #expect(history[1].filesAdded == 1 && history[1].filesRemoved == 1)
        #expect(history[2].rowsAdded == 7)
        #expect(history[2].operationMetrics["numAddedFiles"] == "1")
        #expect(history[2].engineInfo == "medallion/0.1")
        #expect(history.allSatisfy { $0.timestamp > 1_600_000_000_000 })
        #expect(zip(history, history.dropFirst()).allSatisfy { $0.timestamp >= $1.timestamp })
        #expect(try table.history(limit: 1).map(\.version) == [3])
    }

    @Test("replacing partitions swaps exactly their files in one commit")
    func replacePartitions() throws {
        let dir = TempDirectory()
        defer { dir.cleanup() }
        let table = try DeltaTable.create(at: dir.path, schema: DeltaFixtures.schema, partitionColumns: ["region"])
        let eu1 = try DeltaFixtures.file(in: dir.path, region: "eu")
        let eu2 = try DeltaFixtures.file(in: dir.path, region: "eu")
        let us = try DeltaFixtures.file(in: dir.path, region: "us")
        let none = try DeltaFixtures.file(in: dir.path, region: nil)
        try table.append([eu1, eu2, us, none])
        let euNew = try DeltaFixtures.file(in: dir.path, region: "eu", rows: 99)
        let result = try table.replacePartitions([["region": .text("eu")], ["region": DeltaValue?.none]], with: [euNew])
        #expect(result.version == 2)
        let snap = try table.snapshot()
        #expect(Set(snap.files.map(\.relativePath)) == [us.path, euNew.path])
        #expect(Set(snap.tombstones.map(\.relativePath)) == [eu1.path, eu2.path, none.path])
        let entry = try #require(try table.history(limit: 1).first)
        #expect(entry.filesRemoved == 3 && entry.filesAdded == 1)
        #expect(entry.operationParameters["replaceWhere"] == "region = 'eu' OR region IS NULL")

        let stray = try DeltaFixtures.file(in: dir.path, region: "us")
        #expect(throws: DeltaError.self) { try table.replacePartitions([["region": .text("eu")]], with: [stray]) }
        #expect(throws: DeltaError.self) { try table.replacePartitions([["day": .date(1)]], with: []) }
        #expect(try table.latestVersion() == 2)
    }

    @Test("bad file descriptors are rejected before anything is written")
    func validation() throws {
        let dir = TempDirectory()
        defer { dir.cleanup() }
        let table = try DeltaTable.create(at: dir.path, schema: DeltaFixtures.schema, partitionColumns: ["region"])
        let good = try DeltaFixtures.file(in: dir.path, region: "eu")
        var cases: [DeltaDataFile] = []
        for bad in ["/abs.parquet", "../x.parquet", "a//b.parquet", "_delta_log/x.parquet", ""] {
            var f = good
            f.path = bad
            cases.append(f)
        }
        var wrongPartition = good
        wrongPartition.partitionValues = ["day": .date(1)]
        cases.append(wrongPartition)
        var wrongType = good
        wrongType.partitionValues = ["region": .int64(3)]
        cases.append(wrongType)
        for file in cases {
            #expect(throws: DeltaError.self, "\(file.path)") { try table.append([file]) }
        }
        #expect(throws: DeltaError.self) { try table.append([good, good]) }
        #expect(try table.latestVersion() == 0)
        #expect(throws: DeltaError.self) {
            try DeltaTable.create(at: dir.path + "/t2", schema: DeltaFixtures.schema, partitionColumns: ["nope"])
        }
        #expect(throws: DeltaError.self) {
            try DeltaTable.create(at: dir.path + "/t3", schema: Schema([Field("a", .int64), Field("A", .text)]))
        }
    }

    @Test("a gap in the log or a corrupt commit is reported with table and file")
    func corruptLog() throws {
        let dir = TempDirectory()
        defer { dir.cleanup() }
        let table = try DeltaTable.create(at: dir.path, schema: DeltaFixtures.schema, partitionColumns: ["region"])
        try table.append([DeltaFixtures.file(in: dir.path, region: "eu")])
        try table.append([DeltaFixtures.file(in: dir.path, region: "eu")])
        let one = dir.path + "/_delta_log/00000000000000000001.json"
        try "{\"add\": nope\n".write(toFile: one, atomically: true, encoding: .utf8)
        do {
            _ = try table.snapshot()
            Issue.record("corrupt commit went unnoticed")
        } catch {
            #expect("\(error)".contains(dir.path))
            #expect("\(error)".contains("00000000000000000001.json"))
        }
        try FileManager.default.removeItem(atPath: one)
        #expect(throws: DeltaError.missingCommit(table: dir.path, version: 1)) { try table.snapshot() }
        #expect(try table.snapshot(version: 0).version == 0)
    }

    @Test("append-only tables refuse removes; newer writer versions refuse writes")
    func writerChecks() throws {
        let dir = TempDirectory()
        defer { dir.cleanup() }
        let table = try DeltaTable.create(at: dir.path, schema: DeltaFixtures.schema, partitionColumns: ["region"],
                                          configuration: ["delta.appendOnly": "true"])
        try table.append([DeltaFixtures.file(in: dir.path, region: "eu")])
        #expect(throws: DeltaError.self) { try table.overwrite(with: []) }
        let upgrade = try DeltaAction.protocol(DeltaProtocolAction(minReaderVersion: 1, minWriterVersion: 4)).jsonLine()
        try (upgrade + "\n").write(toFile: dir.path + "/_delta_log/00000000000000000002.json", atomically: true, encoding: .utf8)
        #expect(try table.snapshot().version == 2)  // still readable
        do {
            try table.append([DeltaFixtures.file(in: dir.path, region: "eu")])
            Issue.record("expected a writer-version refusal")
        } catch {
            #expect("\(error)".contains("writer version 4"))
        }
    }

    @Test("tables needing reader features this engine lacks are refused")
    func protocolCheck() throws {
        let dir = TempDirectory()
        defer { dir.cleanup() }
        let table = try DeltaTable.create(at: dir.path, schema: DeltaFixtures.schema)
        let upgrade = try DeltaAction.protocol(DeltaProtocolAction(minReaderVersion: 3, minWriterVersion: 7, readerFeatures: ["deletionVectors"], writerFeatures: ["deletionVectors"])).jsonLine()
        try (upgrade + "\n").write(toFile: dir.path + "/_delta_log/00000000000000000001.json", atomically: true, encoding: .utf8)
        #expect(throws: DeltaError.self) { try table.snapshot() }
        #expect(try table.snapshot(version: 0).version == 0)
    }
}
