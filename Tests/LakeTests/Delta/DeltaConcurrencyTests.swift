import Foundation
import Columns
import Testing
@testable import Lake

@Suite("Delta concurrent writers")
struct DeltaConcurrencyTests {
    @Test("racing appenders: one commit per version, none lost, every row present")
    func racingAppends() async throws {
        let dir = TempDirectory()
        defer { dir.cleanup() }
        try DeltaTable.create(at: dir.path, schema: DeltaFixtures.schema, partitionColumns: ["region"])
        let writers = 8, appendsEach = 6
        let root = dir.path
        let results = try await withThrowingTaskGroup(of: [(DeltaCommitResult, String)].self) { group in
            for w in 0..<writers {
                group.addTask {
                    // Each task has its own handle, as separate processes would.
                    let table = DeltaTable(path: root, options: DeltaTableOptions(checkpointInterval: 10))
                    var out: [(DeltaCommitResult, String)] = []
                    for i in 0..<appendsEach {
                        let file = try DeltaFixtures.dataFile(
                            in: root, "region=w\(w)/part-\(i).parquet", region: "w\(w)", rows: Int64(w * 100 + i))
                        out.append((try table.append([file]), file.path))
                    }
                    return out
                }
            }
            var all: [(DeltaCommitResult, String)] = []
            for try await part in group { all += part }
            return all
        }
        let total = writers * appendsEach
        #expect(results.count == total)
        #expect(Set(results.map(\.0.version)) == Set((1...Int64(total)).map { $0 }))
        let table = DeltaTable(path: root)
        #expect(try table.latestVersion() == Int64(total))
        // Every version's commit holds exactly the one file that claimed it.
        for (result, path) in results {
            let actions = try table.log.readCommit(result.version)
            let adds = actions.compactMap { if case let .add(a) = $0 { a.relativePath } else { nil } }
            #expect(adds == [path], "version \(result.version)")
        }
        let snapshot = try table.snapshot()
        #expect(snapshot.files.count == total)
        let expectedRows = (0..<writers).reduce(Int64(0)) { sum, w in
            sum + (0..<appendsEach).reduce(Int64(0)) { $0 + Int64(w * 100 + $1) }
        }
        #expect(snapshot.numRecords == expectedRows)
        // Interval checkpoints written amid the race are consistent with the JSON.
        #expect(DeltaFixtures.exists(root, "_delta_log/00000000000000000040.checkpoint.parquet"))
        #expect(try table.snapshot(version: 40).files == DeltaLogReplayCheck.replayJSON(table, upTo: 40).files)
        // No staged temp file is left behind by winners or losers.
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: root + "/_delta_log").filter { $0.hasSuffix(".tmp") }
        #expect(leftovers.isEmpty)
    }

    @Test("racing partition replaces on disjoint partitions all succeed")
    func racingDisjointReplaces() async throws {
        let dir = TempDirectory()
        defer { dir.cleanup() }
        let root = dir.path
        let table = try DeltaTable.create(at: root, schema: DeltaFixtures.schema, partitionColumns: ["region"])
        let regions = (0..<6).map { "r\($0)" }
        try table.append(regions.map { try DeltaFixtures.file(in: root, region: $0) })
        try await withThrowingTaskGroup(of: Void.self) { group in
            for region in regions {
                group.addTask {
                    let handle = DeltaTable(path: root)
                    let file = try DeltaFixtures.file(in: root, region: region, rows: 1000)
                    try handle.replacePartitions([["region": .text(region)]], with: [file])
                }
            }
            try await group.waitForAll()
        }
        let snapshot = try table.snapshot()
        #expect(snapshot.version == 1 + Int64(regions.count))
        #expect(snapshot.files.count == regions.count)
        #expect(snapshot.numRecords == 1000 * Int64(regions.count))
    }

    @Test("a loser whose winners touched other partitions retries at the next version")
    func disjointRetry() throws {
        let dir = TempDirectory()
        defer { dir.cleanup() }
        let table = try DeltaTable.create(at: dir.path, schema: DeltaFixtures.schema, partitionColumns: ["region"])
        let eu = try DeltaFixtures.file(in: dir.path, region: "eu")
        let us = try DeltaFixtures.file(in: dir.path, region: "us")
        try table.append([eu, us])
        let base = try table.snapshot()  // version 1: what the slow writer read
        try table.replacePartitions([["region": .text("us")]], with: [try DeltaFixtures.file(in: dir.path, region: "us")])
        try table.append([try DeltaFixtures.file(in: dir.path, region: "asia")])
        let result = try table.commit(
            adds: [try DeltaFixtures.file(in: dir.path, region: "eu")], removes: base.files(matching: ["region": .text("eu")]).map { $0.removal(at: 1) },
            operation: .write(mode: "Overwrite"), readVersion: base.version
        )
        #expect(result.version == 4)
        #expect(result.attempts == 2)
        #expect(try table.snapshot().files.count == 3)
    }

    @Test("overlapping changes fail with concurrentModification naming table and versions")
    func conflicts() throws {
        let dir = TempDirectory()
        defer { dir.cleanup() }
        let table = try DeltaTable.create(at: dir.path, schema: DeltaFixtures.schema, partitionColumns: ["region"])
        try table.append([try DeltaFixtures.file(in: dir.path, region: "eu"), try DeltaFixtures.file(in: dir.path, region: "us")])
        let base = try table.snapshot()
        let euFiles = base.files(matching: ["region": .text("eu")])
        // Winner (version 2) replaces eu.
        try table.replacePartitions([["region": .text("eu")]], with: [try DeltaFixtures.file(in: dir.path, region: "eu")])

        func expectConflict(_ what: String, _ body: () throws -> Void) {
            do {
                try body()
                Issue.record("\(what): expected a conflict")
            } catch let DeltaError.concurrentModification(table, readVersion, conflictingVersion, reason) {
                #expect(table == dir.path, "\(what)")
                #expect(readVersion == 1, "\(what)")
                #expect(conflictingVersion == 2, "\(what)")
                #expect(!reason.isEmpty)
                let message = "\(DeltaError.concurrentModification(table: table, readVersion: readVersion, conflictingVersion: conflictingVersion, reason: reason))"
                #expect(message.contains(dir.path) && message.contains("version 2") && message.contains("version 1"))
            } catch {
                Issue.record("\(what): unexpected \(error)")
            }
        }
        expectConflict("same partition replaced") {
            try table.commit(adds: [try DeltaFixtures.file(in: dir.path, region: "eu")], removes: euFiles.map { $0.removal(at: 1) },
                             operation: .write(mode: "Overwrite"), readVersion: 1)
        }
        expectConflict("overwrite vs concurrent write") {
            try table.commit(adds: [], removes: base.files.map { $0.removal(at: 1) }, operation: .write(mode: "Overwrite"),
                             readVersion: 1, readScope: .wholeTable)
        }
        expectConflict("reader of eu") {
            try table.commit(adds: [try DeltaFixtures.file(in: dir.path, region: "us")], removes: [],
                             operation: .merge(predicate: "t.id = s.id"), readVersion: 1, readScope: .partitions([["region": "eu"]]))
        }
        // A blind append commutes with the concurrent replace.
        let appended = try table.commit(adds: [try DeltaFixtures.file(in: dir.path, region: "eu")], removes: [],
                                        operation: .write(mode: "Append"), readVersion: 1)
        #expect(appended.version == 3)

        // A metadata change conflicts with everything, even blind appends.
        let meta = DeltaAction.metaData(base.metadata)
        #expect(try table.log.writeCommit(4, actions: [meta]))
        do {
            try table.commit(adds: [try DeltaFixtures.file(in: dir.path, region: "eu")], removes: [],
                             operation: .write(mode: "Append"), readVersion: 3)
            Issue.record("expected a metadata conflict")
        } catch let DeltaError.concurrentModification(_, _, version, reason) {
            #expect(version == 4)
            #expect(reason.contains("metadata"))
        }
        #expect(try table.latestVersion() == 4)
    }

    @Test("a writer that dies before committing leaves readers on the previous version; vacuum reclaims its files")
    func crashedWriter() throws {
        let dir = TempDirectory()
        defer { dir.cleanup() }
        let table = try DeltaTable.create(at: dir.path, schema: DeltaFixtures.schema, partitionColumns: ["region"])
        let kept = try DeltaFixtures.file(in: dir.path, region: "eu")
        try table.append([kept])
        let before = try table.snapshot()

        // The dying writer: data files on disk, a staged commit that never got
        // linked into place (content half written), then nothing.
        let orphanA = try DeltaFixtures.file(in: dir.path, region: "eu")
        let orphanB = try DeltaFixtures.file(in: dir.path, region: "new")
        let staged = dir.path + "/_delta_log/" + DeltaLogPaths.tempPrefix + "dead" + DeltaLogPaths.tempSuffix
        let line = try DeltaAction.add(DeltaAddFile(file: orphanA, modificationTime: 1)).jsonLine()
        try String(line.prefix(line.count / 2)).write(toFile: staged, atomically: false, encoding: .utf8)

        #expect(try table.snapshot() == before)
        #expect(try DeltaTable(path: dir.path).latestVersion() == 1)
        // Other writers carry on at the next version.
        let next = try DeltaFixtures.file(in: dir.path, region: "us")
        #expect(try table.append([next]).version == 2)

        // Fresh orphans are protected by the retention window (their writer may be alive)…
        let dry = try table.vacuum(retention: .seconds(3600), dryRun: true)
        #expect(dry.files.isEmpty)
        // …and reclaimed once it has passed.
        let result = try table.vacuum(retention: .zero)
        #expect(Set(result.files) == [orphanA.path, orphanB.path, "_delta_log/" + (staged as NSString).lastPathComponent])
        #expect(!DeltaFixtures.exists(dir.path, orphanA.path))
        #expect(!DeltaFixtures.exists(dir.path, orphanB.path))
        #expect(!FileManager.default.fileExists(atPath: staged))
        #expect(DeltaFixtures.exists(dir.path, kept.path))
        #expect(DeltaFixtures.exists(dir.path, next.path))
        #expect(try table.snapshot().files.count == 2)
    }
}

/// Reference replay straight from the JSON commits, ignoring checkpoints.
enum DeltaLogReplayCheck {
    static func replayJSON(_ table: DeltaTable, upTo version: Int64) throws -> DeltaSnapshot {
        var replay = DeltaLogReplay()
        for v in 0...version { replay.apply(try table.log.readCommit(v)) }
        return try replay.snapshot(table: table.path, version: version, timestamp: 0, file: "")
    }
}
