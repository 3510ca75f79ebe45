import Foundation
import Columns
import Partition
import TestSupport
import Workers
@testable import Pipeline
@testable import SportsBar

/// The sample data in `Tests/Fixtures/atliqon-sportsbar` (see `TestPaths.sportsBarData`).
enum RealData {
    static let root = TestPaths.sportsBarData

    struct Missing: Error, CustomStringConvertible {
        var description: String { "sample data missing: Tests/Fixtures/atliqon-sportsbar is part of the repository" }
    }

    /// Relative paths of every sample file, in byte order.
    static func files() throws -> [String] {
        let paths = (FileManager.default.enumerator(atPath: root)?.allObjects as? [String] ?? []).filter { $0.hasSuffix(".csv") }
        guard !paths.isEmpty else { throw Missing() }
        return paths.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
    }

    static let isFullLoad: @Sendable (String) -> Bool = { $0.contains("/full_load/") }
    static let isIncremental: @Sendable (String) -> Bool = { $0.contains("/incremental_load/") }
}

/// How a copied source file is re-encoded.
enum Encoding: String, CaseIterable, Sendable {
    case plain, gzip, gzipMembers, zstd, zstdFrames, crlf

    var suffix: String {
        switch self {
        case .plain, .crlf: ""
        case .gzip, .gzipMembers: ".gz"
        case .zstd, .zstdFrames: ".zst"
        }
    }

    func write(_ bytes: [UInt8], to path: String) throws {
        switch self {
        case .plain:
            try Data(bytes).write(to: URL(fileURLWithPath: path))
        case .crlf:
            var out: [UInt8] = []
            out.reserveCapacity(bytes.count + bytes.count / 20)
            for (i, b) in bytes.enumerated() {
                if b == 0x0A, i == 0 || bytes[i - 1] != 0x0D { out.append(0x0D) }
                out.append(b)
            }
            try Data(out).write(to: URL(fileURLWithPath: path))
        case .gzip:
            let writer = try GzipMemberWriter(path: path, layout: .singleMember)
            try writer.write(contentsOf: bytes)
            try writer.finish()
        case .gzipMembers:
            // Small members cut anywhere (not at line ends): splits must realign on records.
            let writer = try GzipMemberWriter(path: path, layout: .plainMembers(uncompressedBytes: 900))
            try writer.write(contentsOf: bytes)
            try writer.finish()
        case .zstd:
            let writer = try ZstdFrameWriter(path: path, layout: .singleFrame)
            try writer.write(contentsOf: bytes)
            try writer.finish()
        case .zstdFrames:
            let writer = try ZstdFrameWriter(path: path, layout: .frames(uncompressedBytes: 700))
            try writer.write(contentsOf: bytes)
            try writer.finish()
        }
    }
}

/// A temporary source folder and lake for one test.
final class TestLake: @unchecked Sendable {
    let root: String
    var source: String { root + "/source" }
    var lake: String { root + "/lake" }

    init() throws {
        root = FileManager.default.temporaryDirectory.appendingPathComponent("medallion-pipeline-" + UUID().uuidString).path
        try FileManager.default.createDirectory(atPath: root + "/source", withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(atPath: root) }

    /// Copies the sample files `include` accepts into the source folder, re-encoded.
    func deliver(_ include: (String) -> Bool, encoding: Encoding = .plain) throws {
        let data = RealData.root
        for path in try RealData.files() where include(path) {
            let target = source + "/" + path + encoding.suffix
            try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent,
                                                    withIntermediateDirectories: true)
            let bytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: data + "/" + path)))
            try encoding.write(bytes, to: target)
        }
    }

    func run(workers: Int = 2, memoryLimit: Int? = nil, fullRefresh: Bool = false,
             fault: FaultPoint? = nil) async throws -> RunSummary {
        try await PipelineRun.run(RunOptions(source: source, lake: lake, workers: workers, memoryLimit: memoryLimit,
                                             fullRefresh: fullRefresh,
                                             fault: fault.map { FaultInjector(point: $0, action: .throwError) }))
    }

    var store: TableStore { TableStore(lake: lake) }

    func rows(_ table: LakeTable) throws -> RecordBatch {
        let schema = LakeCatalog.shape(of: table)?.schema ?? Schema([])
        return try RecordBatch.concat(store.read(table), schema: schema)
    }

    /// A table's rows as sorted text rows: an order-independent comparison.
    func sortedRows(_ table: LakeTable, dropping: Set<String> = []) throws -> [[String?]] {
        let batch = try rows(table)
        let names = batch.schema.fields.map(\.name).filter { !dropping.contains($0) }
        let columns = names.map { name in texts(batch, name) }
        return (0 ..< batch.rowCount).map { row in columns.map { $0[row] } }
            .sorted { $0.map { $0 ?? "\u{0}" }.lexicographicallyPrecedes($1.map { $0 ?? "\u{0}" }) }
    }

    static let goldTables = [LakeCatalog.dimCustomers, LakeCatalog.dimProducts, LakeCatalog.dimGrossPrice,
                             LakeCatalog.dimDate, LakeCatalog.factOrders, LakeCatalog.factOrdersEnriched]

    func gold() throws -> [String: [[String?]]] {
        var out: [String: [[String?]]] = [:]
        for table in Self.goldTables { out[table.description] = try sortedRows(table) }
        return out
    }

    /// Every table's Delta version (nil when missing) and the committed batches.
    func versions() throws -> [String: Int64] {
        var out: [String: Int64] = [:]
        for table in LakeCatalog.all where store.exists(table) {
            out[table.description] = try DeltaTableVersion.latest(table.path(in: lake))
        }
        return out
    }
}

enum DeltaTableVersion {
    static func latest(_ path: String) throws -> Int64 { try DeltaTableReader(path: path).table.latestVersion() }
}

/// The texts of a column, row by row (nil = NULL); typed values as text.
func texts(_ batch: RecordBatch, _ name: String) -> [String?] {
    guard let index = batch.schema.index(of: name) else { return [] }
    let type = batch.schema.fields[index].type
    return (0 ..< batch.rowCount).map { ValueText.string(batch.columns[index], $0, type: type) }
}
