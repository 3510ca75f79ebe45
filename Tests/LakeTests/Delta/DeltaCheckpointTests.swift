import Foundation
import Columns
import Testing
@testable import Lake

@Suite("Delta checkpoints")
struct DeltaCheckpointTests {
    /// A table with enough history for a checkpoint: appends, a partition
    /// replace (tombstones), files with NULL partitions and odd characters.
    static func populated(_ dir: TempDirectory, interval: Int) throws -> DeltaTable {
        let table = try DeltaTable.create(
            at: dir.path, schema: DeltaFixtures.schema, partitionColumns: ["region"],
            configuration: ["delta.appendOnly": "false", "owner": "lake"],
            options: DeltaTableOptions(checkpointInterval: interval)
        )
        for i in 0..<7 {
            let region: String? = i == 3 ? nil : (i % 2 == 0 ? "eu" : "us west")
            try table.append([DeltaFixtures.file(in: dir.path, region: region, rows: Int64(i + 1))])
        }
        try table.replacePartitions([["region": .text("eu")]], with: [DeltaFixtures.file(in: dir.path, region: "eu", rows: 50)])
        try table.append([DeltaFixtures.file(in: dir.path, region: "ü/ä", rows: 2)])
        return table
    }

    @Test("checkpoint rows round-trip through the nested Parquet writer and reader")
    func parquetRoundTrip() throws {
        let dir = TempDirectory()
        defer { dir.cleanup() }
        let table = try Self.populated(dir, interval: 0)
        let snapshot = try table.snapshot()
        let actions = table.checkpointActions(snapshot)
        let rows = CheckpointRows.rows(actions)
        let bytes = CheckpointParquetWriter.write(rows: rows, schema: CheckpointRows.schema, createdBy: "test")
        let back = try CheckpointParquetReader.read(bytes, schema: CheckpointRows.schema)
        #expect(back == rows)
        #expect(try CheckpointRows.actions(back) == actions)
    }

    @Test("every 10th commit writes NNN.checkpoint.parquet and _last_checkpoint")
    func interval() throws {
        let dir = TempDirectory()
        defer { dir.cleanup() }
        let table = try DeltaTable.create(at: dir.path, schema: DeltaFixtures.schema, partitionColumns: ["region"])
        var results: [DeltaCommitResult] = []
        for _ in 1...10 { results.append(try table.append([DeltaFixtures.file(in: dir.path, region: "eu")])) }
        #expect(results.map(\.checkpointed) == Array(repeating: false, count: 9) + [true])
        #expect(results.allSatisfy { $0.checkpointError == nil })
        #expect(DeltaFixtures.exists(dir.path, "_delta_log/00000000000000000010.checkpoint.parquet"))
        let last = try #require(try DeltaCheckpoint.readLast(log: table.log))
        #expect(last.version == 10)
        #expect(last.size == 12)  // protocol + metaData + 10 adds
        #expect(last.numOfAddFiles == 10)
        let text = try String(contentsOfFile: dir.path + "/_delta_log/_last_checkpoint", encoding: .utf8)
        #expect(text.hasPrefix(#"{"numOfAddFiles":10,"#) && text.contains(#""version":10"#))
    }

    @Test("the table property delta.checkpointInterval applies unless the handle overrides it")
    func tableProperty() throws {
        let dir = TempDirectory()
        defer { dir.cleanup() }
        let table = try DeltaTable.create(at: dir.path, schema: DeltaFixtures.schema, partitionColumns: ["region"],
                                          configuration: ["delta.checkpointInterval": "2"])
        let results = try (1...4).map { _ in try table.append([DeltaFixtures.file(in: dir.path, region: "eu")]) }
        #expect(results.map(\.checkpointed) == [false, true, false, true])
        let off = DeltaTable(path: dir.path, options: DeltaTableOptions(checkpointInterval: 0))
        #expect(try off.append([DeltaFixtures.file(in: dir.path, region: "eu")]).checkpointed == false)
        #expect(try off.append([DeltaFixtures.file(in: dir.path, region: "eu")]).checkpointed == false)
        #expect(!DeltaFixtures.exists(dir.path, "_delta_log/00000000000000000006.checkpoint.parquet"))
    }

    @Test("a snapshot from the checkpoint equals the snapshot from JSON replay")
    func snapshotFromCheckpoint() throws {
        let dir = TempDirectory()
        defer { dir.cleanup() }
        let table = try Self.populated(dir, interval: 0)
        let fromJSON = try table.snapshot()
        try table.checkpoint()
        // Hide the JSON commits the checkpoint covers: the checkpoint alone must do.
        let log = dir.path + "/_delta_log/"
        for v in 0...fromJSON.version where v != fromJSON.version {
            try FileManager.default.removeItem(atPath: log + DeltaLogPaths.commitName(v))
        }
        let fromCheckpoint = try table.snapshot()
        #expect(fromCheckpoint.files == fromJSON.files)
        #expect(fromCheckpoint.tombstones == fromJSON.tombstones)
        #expect(fromCheckpoint.metadata == fromJSON.metadata)
        #expect(fromCheckpoint.protocol == fromJSON.protocol)
        #expect(fromCheckpoint == fromJSON)

        // Later commits replay on top of the checkpoint.
        let more = try DeltaFixtures.file(in: dir.path, region: "us west")
        try table.append([more])
        #expect(try table.snapshot().files.count == fromJSON.files.count + 1)
        // Versions before the checkpoint are gone with their JSON.
        #expect(throws: DeltaError.self) { try table.snapshot(version: 2) }
    }

    @Test("time travel uses the newest checkpoint at or below the version")
    func timeTravelAcrossCheckpoints() throws {
        let dir = TempDirectory()
        defer { dir.cleanup() }
        let table = try DeltaTable.create(at: dir.path, schema: DeltaFixtures.schema, partitionColumns: ["region"],
                                          options: DeltaTableOptions(checkpointInterval: 3))
        var expected: [Int64: Set<String>] = [0: []]
        var live = Set<String>()
        for v in 1...8 {
            let f = try DeltaFixtures.file(in: dir.path, region: v % 2 == 0 ? "eu" : "us")
            if v == 5 {
                try table.overwrite(with: [f])
                live = [f.path]
            } else {
                try table.append([f])
                live.insert(f.path)
            }
            expected[Int64(v)] = live
        }
        #expect(DeltaFixtures.exists(dir.path, "_delta_log/00000000000000000006.checkpoint.parquet"))
        for (version, files) in expected {
            #expect(Set(try table.snapshot(version: version).files.map(\.relativePath)) == files, "version \(version)")
        }
    }

    @Test("an unreadable checkpoint falls back to JSON replay; with no JSON left the error names the file")
    func corruptCheckpoint() throws {
        let dir = TempDirectory()
        defer { dir.cleanup() }
        let table = try Self.populated(dir, interval: 0)
        let expected = try table.snapshot()
        try table.checkpoint()
        let name = DeltaLogPaths.checkpointName(expected.version)
        let path = dir.path + "/_delta_log/" + name
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
        // Truncations and flipped bytes must be errors, never crashes.
        for cut in [0, 4, 11, bytes.count / 2, bytes.count - 9, bytes.count - 1] {
            #expect(throws: (any Error).self) {
                try CheckpointParquetReader.read(Array(bytes[..<cut]), schema: CheckpointRows.schema)
            }
        }
        for i in stride(from: 4, to: bytes.count - 8, by: 7) {
            var damaged = bytes
            damaged[i] ^= 0xFF
            _ = try? CheckpointParquetReader.read(damaged, schema: CheckpointRows.schema)
        }
        bytes[bytes.count - 20] ^= 0xFF
        bytes.removeSubrange(100..<140)
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        #expect(try table.snapshot() == expected)
        try FileManager.default.removeItem(atPath: dir.path + "/_delta_log/" + DeltaLogPaths.commitName(0))
        do {
            _ = try table.snapshot()
            Issue.record("expected an error")
        } catch {
            #expect("\(error)".contains(name), "\(error)")
        }
    }
}
