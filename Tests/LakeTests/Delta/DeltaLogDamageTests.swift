import Foundation
import Columns
import Testing
@testable import Lake

/// A damaged `_delta_log` is reported with the file, the line and byte, and what is
/// wrong; `inspectLog` finds every damaged file; vacuum protects what it is told to.
@Suite("Delta log damage")
struct DeltaLogDamageTests {
    /// A table with versions 0…2 (create, two appends) and its commit file paths.
    static func table(_ dir: TempDirectory) throws -> (DeltaTable, [String]) {
        let table = try DeltaTable.create(at: dir.path, schema: DeltaFixtures.schema, partitionColumns: ["region"])
        try table.append([DeltaFixtures.file(in: dir.path, region: "eu")])
        try table.append([DeltaFixtures.file(in: dir.path, region: "us")])
        return (table, (0 ... 2).map { dir.path + "/_delta_log/" + DeltaLogPaths.commitName(Int64($0)) })
    }

    static func message(_ table: DeltaTable) -> String {
        do {
            _ = try table.snapshot()
            return ""
        } catch {
            return "\(error)"
        }
    }

    @Test("a commit cut mid-line: truncated JSON, with the file, line and byte")
    func truncated() throws {
        let dir = TempDirectory()
        defer { dir.cleanup() }
        let (table, commits) = try Self.table(dir)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: commits[2]))
        let secondLine = try #require(bytes.firstIndex(of: 0x0A)) + 1
        try bytes.prefix(secondLine + 40).write(to: URL(fileURLWithPath: commits[2]))
        let text = Self.message(table)
        #expect(text.contains(dir.path))
        #expect(text.contains("_delta_log/00000000000000000002.json"))
        #expect(text.contains("truncated JSON: the file ends inside line 2 (byte \(secondLine + 40))"), "\(text)")
    }

    @Test("a flipped bit that breaks UTF-8 in a path is damage, not a different path")
    func invalidUTF8() throws {
        let dir = TempDirectory()
        defer { dir.cleanup() }
        let (table, commits) = try Self.table(dir)
        var bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: commits[1])))
        let at = try #require(bytes.indices.first { bytes[$0] == UInt8(ascii: "p") && bytes[$0 + 1] == UInt8(ascii: "a")
                && bytes[$0 + 2] == UInt8(ascii: "r") && bytes[$0 + 3] == UInt8(ascii: "t") })
        bytes[at] = 0xF0 ^ 0x0F  // 0xFF: never valid UTF-8
        try Data(bytes).write(to: URL(fileURLWithPath: commits[1]))
        let text = Self.message(table)
        #expect(text.contains("_delta_log/00000000000000000001.json"))
        #expect(text.contains("invalid UTF-8 at byte \(at)"), "\(text)")
    }

    @Test("valid JSON missing a required field, an empty file, a missing version: each says which")
    func otherDamage() throws {
        let dir = TempDirectory()
        defer { dir.cleanup() }
        let (table, commits) = try Self.table(dir)
        var lines = try String(contentsOfFile: commits[2], encoding: .utf8).split(separator: "\n").map(String.init)
        lines.append(#"{"add":{"size":1}}"#)
        try (lines.joined(separator: "\n") + "\n").write(toFile: commits[2], atomically: true, encoding: .utf8)
        let missingField = Self.message(table)
        #expect(missingField.contains("line \(lines.count)"), "\(missingField)")
        #expect(missingField.contains("add.path"), "\(missingField)")

        try Data().write(to: URL(fileURLWithPath: commits[2]))
        #expect(Self.message(table).contains("the file is empty"))

        try FileManager.default.removeItem(atPath: commits[2])
        try FileManager.default.removeItem(atPath: commits[1])
        try "{\"commitInfo\":{}}\n".write(toFile: commits[2], atomically: true, encoding: .utf8)
        let missing = Self.message(table)
        #expect(missing.contains("missing version 1"), "\(missing)")
        #expect(missing.contains("00000000000000000001.json"))
    }

    @Test("inspectLog finds a damaged commit, a gap, a damaged checkpoint and _last_checkpoint; the pointer is rewritten")
    func inspection() throws {
        let dir = TempDirectory()
        defer { dir.cleanup() }
        let (table, commits) = try Self.table(dir)
        #expect(try table.inspectLog().isHealthy)
        try table.checkpoint(version: 2)
        try table.append([DeltaFixtures.file(in: dir.path, region: "eu")])
        try table.append([DeltaFixtures.file(in: dir.path, region: "eu")])
        let checkpoint = dir.path + "/_delta_log/" + DeltaLogPaths.checkpointName(2)
        try Data("PAR1 not really".utf8).write(to: URL(fileURLWithPath: checkpoint))
        try "{".write(toFile: dir.path + "/_delta_log/_last_checkpoint", atomically: true, encoding: .utf8)
        try "{\"add\":".write(toFile: commits[1], atomically: true, encoding: .utf8)
        try FileManager.default.removeItem(atPath: dir.path + "/_delta_log/" + DeltaLogPaths.commitName(3))

        let report = try table.inspectLog()
        #expect(!report.isHealthy)
        #expect(report.missing == [3])
        #expect(report.commits.map(\.version) == [0, 1, 2, 4])
        #expect(report.commits[1].damage?.contains("truncated JSON") == true)
        #expect(report.commits[1].bytes == Array("{\"add\":".utf8))
        #expect(report.commits[2].damage == nil && report.commits[2].actions != nil)
        #expect(report.checkpoints.count == 1 && report.checkpoints[0].damage != nil)
        guard case let .damaged(reason) = report.lastCheckpoint else {
            Issue.record("damaged _last_checkpoint not reported: \(report.lastCheckpoint)")
            return
        }
        #expect(reason.contains("truncated JSON"), "\(reason)")

        // No readable checkpoint: the pointer goes; with one, it points there.
        #expect(try table.rewriteLastCheckpoint() == nil)
        #expect(!FileManager.default.fileExists(atPath: dir.path + "/_delta_log/_last_checkpoint"))
        try FileManager.default.removeItem(atPath: checkpoint)
        try table.moveLogFile(DeltaLogPaths.commitName(4), to: dir.path + "/aside/4.json")
        #expect(FileManager.default.fileExists(atPath: dir.path + "/aside/4.json"))
        #expect(try table.inspectLog().latestCommit == 2)
    }

    @Test("vacuum keeps what a pending commit will add and can delete without a VACUUM commit; sizes listed")
    func vacuumKeepAndNoRecord() throws {
        let dir = TempDirectory()
        defer { dir.cleanup() }
        let (table, _) = try Self.table(dir)
        let pending = try DeltaFixtures.file(in: dir.path, region: "eu")
        let orphan = try DeltaFixtures.file(in: dir.path, region: "eu")
        let dry = try table.vacuum(retention: .zero, dryRun: true, keep: [pending.path])
        #expect(dry.files == [orphan.path])
        #expect(dry.sizes == [64])
        let done = try table.vacuum(retention: .zero, keep: [pending.path], recordInLog: false)
        #expect(done.files == [orphan.path] && done.commitVersion == nil)
        #expect(try table.latestVersion() == 2, "no VACUUM commit")
        #expect(DeltaFixtures.exists(dir.path, pending.path) && !DeltaFixtures.exists(dir.path, orphan.path))
    }
}
