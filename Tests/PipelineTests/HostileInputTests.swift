import Foundation
import Columns
import Partition
import Testing
import TestSupport
@testable import Pipeline

/// Hostile inputs fed to the shipped `medallion` binary, one per case, as a new file of
/// an incremental run over a backfilled lake. Each case asserts the exit code, that an
/// error names the file and where in it, that a failed run leaves every table as it was
/// or that the bad rows are in quarantine with their reason — and that every table of
/// the lake is still read by delta-rs, pyarrow and DuckDB.
@Suite("Hostile inputs through the medallion binary", .serialized)
struct HostileInputTests {
    /// What a case must lead to.
    enum Outcome: Sendable {
        /// The run fails (exit 1) with stderr naming the file and these words; the lake is unchanged.
        case fails(mentioning: [String])
        /// The run commits; quarantine/orders holds `rows` rows of this file with `reason`.
        case quarantines(reason: String, rows: Int)
        /// The run commits; stderr mentions these words.
        case commits(mentioning: [String])
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let name: String
        /// The new orders file: its name (under the incremental orders folder) and bytes.
        let file: String
        let bytes: @Sendable () throws -> [UInt8]
        let outcome: Outcome
        var testDescription: String { name }
    }

    static let header = Array("order_id,order_placement_date,customer_id,product_id,order_qty\n".utf8)
    /// Good rows of one day (a product id the sample data knows).
    static func rows(_ count: Int, from first: Int = 0) -> [UInt8] {
        (first ..< first + count).flatMap { Array("H\($0),2025/12/15,789403,25891101,\($0 % 7 + 1)\n".utf8) }
    }

    static func gzip(_ bytes: [UInt8]) throws -> [UInt8] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString).gz").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try GzipMemberWriter(path: path, layout: .singleMember)
        try writer.write(contentsOf: bytes)
        try writer.finish()
        return try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static func zstd(_ bytes: [UInt8]) throws -> [UInt8] {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("hostile-\(UUID().uuidString).zst").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        // With content checksums, as the zstd tool writes by default: a flipped bit is then detectable.
        let writer = try ZstdFrameWriter(path: path, layout: .frames(uncompressedBytes: 4096), checksum: true)
        try writer.write(contentsOf: bytes)
        try writer.finish()
        return try [UInt8](Data(contentsOf: URL(fileURLWithPath: path)))
    }

    static func flipped(_ bytes: [UInt8], at fraction: Double) -> [UInt8] {
        var out = bytes
        let at = Int(Double(out.count) * fraction)
        out[at] ^= 0x5A
        return out
    }

    static let cases: [Case] = [
        Case(name: "truncated gzip", file: "orders_hostile.csv.gz",
             bytes: { Array(try gzip(header + rows(4000)).prefix(5000)) }, outcome: .fails(mentioning: ["gzip"])),
        Case(name: "bit-flipped gzip", file: "orders_hostile.csv.gz",
             bytes: { flipped(try gzip(header + rows(4000)), at: 0.5) }, outcome: .fails(mentioning: ["gzip"])),
        Case(name: "truncated zstd", file: "orders_hostile.csv.zst",
             bytes: { Array(try zstd(header + rows(4000)).dropLast(700)) }, outcome: .fails(mentioning: ["zstd"])),
        Case(name: "bit-flipped zstd", file: "orders_hostile.csv.zst",
             bytes: { flipped(try zstd(header + rows(4000)), at: 0.5) }, outcome: .fails(mentioning: ["zstd"])),
        Case(name: "ragged rows", file: "orders_hostile.csv",
             bytes: { header + rows(10) + Array("R1,2025/12/15,789403\nR2,2025/12/15,789403,25891101,3,extra\n".utf8) + rows(5, from: 10) },
             outcome: .quarantines(reason: "malformed_row", rows: 2)),
        Case(name: "open quote at the end of the file", file: "orders_hostile.csv",
             bytes: { header + rows(10) + Array("\"Q1,2025/12/15,789403,25891101,3\n".utf8) },
             outcome: .quarantines(reason: "malformed_row", rows: 1)),
        Case(name: "NUL bytes in fields", file: "orders_hostile.csv",
             bytes: { header + rows(10) + Array("N\u{0}1,2025/12/15,789403,25891101,3\n".utf8) + [0, 0, 0x0A] },
             outcome: .commits(mentioning: [])),
        Case(name: "invalid UTF-8 in a field", file: "orders_hostile.csv",
             bytes: { header + rows(10) + Array("U1,2025/12/15,78".utf8) + [0xFF, 0xC3] + Array(",25891101,3\n".utf8) },
             outcome: .quarantines(reason: "invalid_utf8", rows: 1)),
        Case(name: "a 10 MB line", file: "orders_hostile.csv",
             bytes: { header + rows(10) + Array("BIG".utf8) + [UInt8](repeating: UInt8(ascii: "x"), count: 10 << 20)
                 + Array(",2025/12/15,789403,25891101,3\n".utf8) },
             outcome: .commits(mentioning: [])),
        Case(name: "a 10 MB malformed line", file: "orders_hostile.csv",
             bytes: { header + rows(10) + [UInt8](repeating: UInt8(ascii: "y"), count: 10 << 20) + [0x0A] },
             outcome: .quarantines(reason: "malformed_row", rows: 1)),
        Case(name: "a duplicated header name", file: "orders_hostile.csv",
             bytes: { Array("order_id,order_placement_date,customer_id,product_id,order_qty,order_id\n".utf8) + rows(3) },
             outcome: .fails(mentioning: ["order_id"])),
        Case(name: "a missing required column", file: "orders_hostile.csv",
             bytes: { Array("order_id,order_placement_date,customer_id,product_id\n".utf8) + rows(3) },
             outcome: .fails(mentioning: ["order_qty"])),
        Case(name: "an extra column", file: "orders_hostile.csv",
             bytes: { Array("order_id,order_placement_date,customer_id,product_id,order_qty,coupon\n".utf8)
                 + Array("E1,2025/12/15,789403,25891101,3,SAVE10\n".utf8) },
             outcome: .commits(mentioning: ["coupon"])),
        Case(name: "an empty file", file: "orders_hostile.csv",
             bytes: { [] }, outcome: .fails(mentioning: ["header"])),
        Case(name: "a 10 MB header line", file: "orders_hostile.csv",
             bytes: { [UInt8](repeating: UInt8(ascii: "h"), count: 10 << 20) + [0x0A] + rows(3) },
             outcome: .fails(mentioning: [])),
    ]

    @Test("each hostile input: exit code, an error that says where, the lake unchanged or rows quarantined, every table readable",
          arguments: cases)
    func hostile(_ hostile: Case) async throws {
        let binary = try #require(MedallionBinary.path, "medallion binary not built next to the tests")
        let base = try await BackfilledLake.shared.path()
        let lake = try TestLake()
        try FileManager.default.removeItem(atPath: lake.source)
        try FileManager.default.copyItem(atPath: base + "/source", toPath: lake.source)
        try FileManager.default.copyItem(atPath: base + "/lake", toPath: lake.lake)
        let folder = lake.source + "/2_child_company/incremental_load/orders"
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data(hostile.bytes()).write(to: URL(fileURLWithPath: folder + "/" + hostile.file))
        let before = try lake.versions()

        let result = try MedallionBinary.run(binary, ["run", "--source", lake.source, "--lake", lake.lake, "--quiet"])
        let message = "\(hostile.name): exit \(result.status), stderr: \(result.stderr.prefix(2000))"
        #expect(result.stderr.utf8.count < 64 << 10, "stderr stays short (no 10 MB echo): \(hostile.name)")
        switch hostile.outcome {
        case let .fails(words):
            #expect(result.status == 1, "\(message)")
            #expect(result.stderr.contains(hostile.file), "the error names the file: \(message)")
            for word in words { #expect(result.stderr.contains(word), "the error says \(word): \(message)") }
            #expect(try lake.versions() == before, "a failed run leaves every table as it was: \(hostile.name)")
            #expect(LakeJournal(lake: lake.lake).batches() == [1])
        case let .quarantines(reason, rows):
            #expect(result.status == 0, "\(message)")
            let quarantine = try lake.rows(LakeCatalog.quarantine(.orders))
            let files = texts(quarantine, "_source_file"), reasons = texts(quarantine, "_reason")
            let ours = zip(files, reasons).filter { $0.0?.hasSuffix(hostile.file) == true }
            #expect(ours.count == rows, "\(hostile.name): \(ours)")
            #expect(ours.allSatisfy { $0.1 == reason }, "\(hostile.name): \(ours)")
            let lines = texts(quarantine, "_source_line")
            #expect(zip(files, lines).filter { $0.0?.hasSuffix(hostile.file) == true }.allSatisfy { ($0.1.flatMap { Int($0) } ?? 0) > 1 },
                    "quarantined rows carry their line: \(hostile.name)")
        case let .commits(words):
            #expect(result.status == 0, "\(message)")
            for word in words { #expect(result.stderr.contains(word), "the run reports \(word): \(message)") }
        }
        if case .fails = hostile.outcome {} else {
            #expect(LakeJournal(lake: lake.lake).batches() == [1, 2], "\(message)")
        }
        try LakeReaders.expectReadable(lake.lake, context: hostile.name)
    }
}

/// One backfill of the sample data's full load, made once and copied by each case.
actor BackfilledLake {
    static let shared = BackfilledLake()
    private var base: TestLake?

    func path() async throws -> String {
        if let base { return base.root }
        let lake = try TestLake()
        try lake.deliver(RealData.isFullLoad)
        _ = try await lake.run()
        base = lake
        return lake.root
    }
}
