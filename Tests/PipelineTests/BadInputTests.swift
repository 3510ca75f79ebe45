import Foundation
import Columns
import Partition
import SportsBar
import Testing
@testable import Pipeline

/// Hostile or mistaken source folders: a clear error or a reported warning, never a
/// silent skip, a duplicate read or an empty lake left behind.
@Suite("Bad input: source folders, headers, links, the lock", .serialized)
struct BadInputTests {
    static let parentDims: @Sendable (String) -> Bool = { $0.contains("1_parent_company/full_load/dim_") }

    func lakeExists(_ lake: TestLake) -> Bool { FileManager.default.fileExists(atPath: lake.lake) }

    @Test("a --source that is a file, an empty folder or the wrong folder fails saying what was expected")
    func sourceValidation() async throws {
        let lake = try TestLake()
        // An empty folder.
        await #expect(throws: PipelineError.sourceWithoutTables(path: lake.source, empty: true,
                                                               expected: SourceTable.all.map(\.glob))) {
            try await lake.run()
        }
        // A folder without the layout: files, but none where a table's glob looks.
        try FileManager.default.createDirectory(atPath: lake.source + "/orders", withIntermediateDirectories: true)
        try Data("order_id\n1\n".utf8).write(to: URL(fileURLWithPath: lake.source + "/orders/orders_2025_01_01.csv"))
        do {
            _ = try await lake.run()
            Issue.record("a source without the layout ran")
        } catch let error as PipelineError {
            #expect(error == .sourceWithoutTables(path: lake.source, empty: false, expected: SourceTable.all.map(\.glob)))
            #expect(error.description.contains("expected files under 1_parent_company/ and/or 2_child_company/"))
            #expect(error.description.contains("2_child_company/**/orders/**/*.csv*"))
        }
        // A file.
        let file = lake.source + "/orders/orders_2025_01_01.csv"
        await #expect(throws: PipelineError.sourceNotAFolder(path: file)) {
            try await PipelineRun.run(RunOptions(source: file, lake: lake.lake))
        }
        #expect(!lakeExists(lake), "a wrong source must not leave a lake behind")
        // A source whose files are all ingested is "nothing new", not an error.
        try FileManager.default.removeItem(atPath: lake.source + "/orders")
        try lake.deliver(Self.parentDims)
        #expect(try await lake.run().committed)
        let again = try await lake.run()
        #expect(!again.committed && again.skippedFiles == 3)
    }

    @Test("extra source columns are reported per file, in the summary and as warnings")
    func extraColumns() async throws {
        let lake = try TestLake()
        try lake.deliver(Self.parentDims)
        let path = lake.source + "/1_parent_company/full_load/dim_customers.csv"
        let lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false)
        let widened = lines.enumerated().map { i, line in
            line.isEmpty ? "" : line + (i == 0 ? ",note,region" : ",x,y")
        }
        try widened.joined(separator: "\n").write(toFile: path, atomically: true, encoding: .utf8)
        let warnings = Lines()
        let summary = try await PipelineRun.run(RunOptions(source: lake.source, lake: lake.lake, workers: 2,
                                                           warning: { warnings.append($0) }))
        #expect(summary.committed && summary.isConserved)
        #expect(summary.extraColumns == [ExtraColumns(table: "parent_dim_customers",
                                                      file: "1_parent_company/full_load/dim_customers.csv",
                                                      columns: ["note", "region"])])
        #expect(warnings.all == ["parent_dim_customers: extra column(s) note, region ignored in "
            + "1_parent_company/full_load/dim_customers.csv"])
        // Stored in the run manifest with the report.
        let manifest = try LakeJournal(lake: lake.lake).manifest(1)
        #expect(manifest.summary.extraColumns == summary.extraColumns)
    }

    @Test("a source file whose header repeats a name fails naming the file and the column")
    func duplicateHeader() async throws {
        let lake = try TestLake()
        try lake.deliver(Self.parentDims)
        let path = lake.source + "/1_parent_company/full_load/dim_products.csv"
        var text = try String(contentsOfFile: path, encoding: .utf8)
        let header = try #require(text.split(separator: "\n").first)
        text = text.replacingOccurrences(of: String(header), with: header + ",division")
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        await #expect(throws: InputError.duplicateColumn(path: path, column: "division")) { try await lake.run() }
        #expect(LakeJournal(lake: lake.lake).batches().isEmpty)
    }

    @Test("a link loop reads each file once; a broken link is a warning in the summary")
    func linksInTheSource() async throws {
        let lake = try TestLake()
        try lake.deliver { $0.contains("1_parent_company/full_load/") }
        let folder = lake.source + "/1_parent_company/full_load"
        try FileManager.default.createSymbolicLink(atPath: folder + "/again", withDestinationPath: "..")
        try FileManager.default.createSymbolicLink(atPath: folder + "/fact_orders_old.csv", withDestinationPath: "gone.csv")
        let warnings = Lines()
        let summary = try await PipelineRun.run(RunOptions(source: lake.source, lake: lake.lake, workers: 2,
                                                           warning: { warnings.append($0) }))
        #expect(summary.newFiles == 4, "3 dims and fact_orders, each once")
        let fact = try #require(summary.flows.first { $0.table == "parent_fact_orders" })
        #expect(fact.files == 1)
        let expected = folder + "/fact_orders_old.csv: broken symbolic link to gone.csv (No such file or directory); skipped"
        #expect(summary.warnings == [expected])
        #expect(warnings.all == [expected])
    }

    #if os(Linux)
    @Test("the lock error names the holder's pid even when the lock file holds no note")
    func lockWithoutNote() async throws {
        let lake = try TestLake()
        try lake.deliver(Self.parentDims)
        let held = try LakeLock(lake: lake.lake)
        defer { held.release() }
        // The note is gone (as in the moment before a holder writes it).
        try Data().write(to: URL(fileURLWithPath: held.path))
        do {
            _ = try await lake.run()
            Issue.record("the run did not notice the lock")
        } catch let PipelineError.lakeLocked(_, holder) {
            #expect(holder == "pid \(ProcessInfo.processInfo.processIdentifier), from /proc/locks; the lock file holds no note")
        }
        // A stale note from someone else: the kernel's pid is named beside it.
        try Data("pid 1 on elsewhere, since 2020-01-01T00:00:00Z\n".utf8).write(to: URL(fileURLWithPath: held.path))
        do {
            _ = try await lake.run()
            Issue.record("the run did not notice the lock")
        } catch let PipelineError.lakeLocked(_, holder) {
            #expect(holder.hasPrefix("pid \(ProcessInfo.processInfo.processIdentifier), from /proc/locks; the lock file's note reads: pid 1 on"))
        }
    }
    #endif

    @Test("/proc/locks lines are matched by device and inode")
    func procLocksParsing() {
        let locks = """
        1: FLOCK  ADVISORY  WRITE 16146 fe:00:16222538 0 EOF
        2: POSIX  ADVISORY  WRITE 17400 fe:00:5309645 1073741824 1073742335
        3: FLOCK  ADVISORY  WRITE 24964 fe:00:16221242 0 EOF
        3: -> FLOCK  ADVISORY  WRITE 999 fe:00:16221242 0 EOF
        4: OFDLCK ADVISORY  WRITE -1 08:01:77 0 EOF
        """
        let device: UInt64 = 0xFE << 8  // major 254, minor 0
        #expect(LockHolder.pid(in: locks, device: device, inode: 16_221_242) == 24964)
        #expect(LockHolder.pid(in: locks, device: device, inode: 5_309_645) == 17400)
        #expect(LockHolder.pid(in: locks, device: 8 << 8 | 1, inode: 16_221_242) == nil, "another device")
        #expect(LockHolder.pid(in: locks, device: 8 << 8 | 1, inode: 77) == nil, "no pid for an OFD lock")
    }
}

/// Lines a callback received, from any thread.
final class Lines: @unchecked Sendable {
    private let lock = NSLock()
    private var lines: [String] = []
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
