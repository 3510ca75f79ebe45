import Foundation
import Columns
import Testing
@testable import Lake

/// String bounds in the log's per-file stats: delta-spark's 32-code-point prefix for
/// the minimum, prefix + U+10FFFF for the maximum, so a huge value never reaches the
/// JSON log and every bound still bounds (delta-rs prunes files by them).
@Suite("Delta string stats", .serialized)
struct DeltaStringStatsTests {
    static let tie = "\u{10FFFF}"

    @Test("long bounds are cut to 32 code points; the maximum gets the tie-breaker")
    func bounds() {
        let a40 = String(repeating: "a", count: 40), a32 = String(repeating: "a", count: 32)
        #expect(DeltaDataFile.lowerBound(.text(a40)) == .text(a32))
        #expect(DeltaDataFile.upperBound(.text(a40)) == .text(a32 + Self.tie))
        #expect(DeltaDataFile.lowerBound(.text(a32)) == .text(a32))
        #expect(DeltaDataFile.upperBound(.text(a32)) == .text(a32))
        // Code points, not bytes or graphemes: 40 × é is 80 bytes; e + U+0301 is two code points.
        let e40 = String(repeating: "\u{E9}", count: 40)
        #expect(DeltaDataFile.lowerBound(.text(e40)) == .text(String(repeating: "\u{E9}", count: 32)))
        let combining = String(repeating: "e\u{301}", count: 20)
        #expect(DeltaDataFile.upperBound(.text(combining))
            == .text(String(String(repeating: "e\u{301}", count: 16).unicodeScalars.prefix(32)) + Self.tie))
        // No string above prefix + U+10FFFF… can be bounded that way: dropped.
        #expect(DeltaDataFile.upperBound(.text(a32 + Self.tie + "x")) == nil)
        #expect(DeltaDataFile.lowerBound(.text(a32 + Self.tie + "x")) == .text(a32))
        #expect(DeltaDataFile.upperBound(.int64(7)) == .int64(7))
    }

    static let schema = Schema([Field("id", .int64), Field("name", .text)])

    static func write(_ root: String, _ names: [String?], firstId: Int64) throws -> DeltaDataFile {
        var column = ByteColumn()
        for name in names { column.append(string: name) }
        let ids = FixedColumn(values: ContiguousArray((0 ..< Int64(names.count)).map { firstId + $0 }))
        let writer = try ParquetWriter(path: root + "/part-\(UUID().uuidString.lowercased()).parquet", schema: schema)
        try writer.write(RecordBatch(schema: schema, columns: [.int64(ids), .text(column)]))
        return try DeltaDataFile(parquet: try writer.finish(), tableRoot: root)
    }

    /// Files of long strings: a 10 MB value, values around 32 code points and 64 bytes
    /// (multi-byte ones straddling the cut), and values that sort right next to them.
    static var files: [[String?]] {
        let huge = String(repeating: "m", count: 10 << 20) + "!"
        let e = String(repeating: "\u{E9}", count: 31)
        return [
            ["apple", huge, nil],
            [String(repeating: "b", count: 31), String(repeating: "b", count: 32), String(repeating: "b", count: 33),
             e + "\u{1F389}\u{1F389}", e + "\u{E9}\u{E9}"],
            [String(repeating: "z", count: 63) + "\u{E9}" + "tail", String(repeating: "z", count: 64), "zz"],
            [String(repeating: "m", count: 40), "n"],
        ]
    }

    @Test("a 10 MB value stays out of the log")
    func hugeValueStaysOut() throws {
        let dir = TempDirectory("delta-long")
        defer { dir.cleanup() }
        let file = try Self.write(dir.path, Self.files[0], firstId: 0)
        #expect(file.stats.minValues["name"] == .text("apple"))
        #expect(file.stats.maxValues["name"] == .text(String(repeating: "m", count: 32) + Self.tie))
        #expect(file.stats.jsonString().utf8.count < 400)
        let table = try DeltaTable.create(at: dir.path, schema: Self.schema)
        try table.append([file])
        let logBytes = try FileManager.default.contentsOfDirectory(atPath: dir.path + "/_delta_log")
            .filter { $0.hasSuffix(".json") }
            .reduce(0) { $0 + ((try? FileManager.default.attributesOfItem(atPath: dir.path + "/_delta_log/" + $1)[.size] as? Int) ?? 0) }
        #expect(logBytes < 8 << 10, "log of \(logBytes) bytes")
    }

    @Test("delta-rs reads the long values and prunes by our bounds without losing a row",
          .enabled(if: DeltaPython.isAvailable, "needs Python with deltalake + pyarrow"))
    func deltaRsFilters() throws {
        let dir = TempDirectory("delta-long-rs")
        defer { dir.cleanup() }
        let table = try DeltaTable.create(at: dir.path, schema: Self.schema)
        var id: Int64 = 0
        for names in Self.files {
            try table.append([try Self.write(dir.path, names, firstId: id)])
            id += Int64(names.count)
        }
        let values = Self.files.flatMap { $0 }.compactMap { $0 }
        // Each value, and strings that sort just around the cut bounds.
        var probes = values
        for v in values where v.unicodeScalars.count > 32 {
            let prefix = String(v.unicodeScalars.prefix(32))
            probes += [prefix, prefix + "~", prefix + Self.tie, String(v.unicodeScalars.prefix(64))]
        }
        probes += ["", "a", "m", "mz", "zzz", "\u{E9}", Self.tie]
        let spec = DeltaJSON.object(["column": .string("name"), "probes": .array(probes.map(DeltaJSON.string))])
        let specPath = dir.path + "/.spec.json"
        try spec.serialized().write(toFile: specPath, atomically: true, encoding: .utf8)
        let out = try DeltaPython.call("filter-counts", dir.path, specPath)
        #expect(out["rows"]?.int64Value == id)
        guard case let .array(lengths)? = out["lengths"], case let .array(dataset)? = out["dataset"],
              case let .array(sql)? = out["sql"] else {
            Issue.record("unexpected answer")
            return
        }
        #expect(lengths.compactMap(\.int64Value) == values.map { Int64($0.unicodeScalars.count) }.sorted())
        func less(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }
        for (k, probe) in probes.enumerated() {
            let expected = [values.filter { $0 == probe }.count, values.filter { less($0, probe) }.count,
                            values.filter { less(probe, $0) }.count].map { DeltaJSON.number(String($0)) }
            let shown = probe.unicodeScalars.count > 80 ? "\(probe.prefix(20))… (\(probe.unicodeScalars.count))" : probe
            #expect(dataset[k] == .array(expected), "dataset =, <, > \(shown)")
            if sql[k] != .null { #expect(sql[k] == .array(expected), "SQL =, <, > \(shown)") }
        }
    }
}
