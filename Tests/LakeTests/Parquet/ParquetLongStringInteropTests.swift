import Foundation
import Columns
import Partition
import Testing
import TestSupport
@testable import Lake

/// pyarrow and DuckDB read files with a 10 MB field and strings around the 64-byte
/// statistics cut, see the same values, our exactness flags, and filter by our
/// truncated bounds without losing rows; a BINARY column keeps invalid UTF-8.
@Suite("Parquet long strings with pyarrow and DuckDB", .serialized,
       .enabled(if: ParquetPython.isAvailable, "pyarrow not importable"))
struct ParquetLongStringInteropTests {
    typealias S = ParquetTestSupport

    static let schema = Schema([Field("id", .int64, nullable: false), Field("s", .text), Field("b", .binary)])

    /// Row groups of strings: a 10 MB one, and ones whose 64-byte cut falls inside or
    /// right after a multi-byte code point, or on a run of U+10FFFF.
    static let groups: [[String?]] = [
        ["apple", String(repeating: "m", count: 10 << 20) + "!", nil],
        [String(repeating: "a", count: 63), String(repeating: "a", count: 64), String(repeating: "a", count: 65)],
        [String(repeating: "z", count: 63) + "\u{E9}x", String(repeating: "z", count: 62) + "\u{1F389}", "zz"],
        [String(repeating: "\u{10FFFF}", count: 17), "q" + String(repeating: "\u{10FFFF}", count: 20), "\u{7F}"],
    ]

    static func binaryValue(_ id: Int) -> [UInt8]? {
        id % 4 == 3 ? nil : [0xFF, 0xC3, 0x28, UInt8(id)] + Array(repeating: 0x80, count: id * 10)
    }

    @Test("pyarrow and DuckDB read every value and prune by truncated bounds without losing a row")
    func longStrings() throws {
        let path = S.temporaryPath("long-strings")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try ParquetWriter(path: path, schema: Self.schema, options: ParquetWriterOptions(rowGroupBytes: 1))
        var id = 0
        for group in Self.groups {
            var ids = FixedColumn<Int64>(), s = ByteColumn(), b = ByteColumn()
            b.materializeNulls()
            for value in group {
                ids.append(Int64(id))
                s.append(string: value)
                if let raw = Self.binaryValue(id) { b.append(raw) } else { b.appendNull() }
                id += 1
            }
            try writer.write(RecordBatch(schema: Self.schema, columns: [.int64(ids), .text(s), .text(b)]))
        }
        let info = try writer.finish()
        #expect(info.rowGroupCount == Self.groups.count)
        #expect(info.fileBytes < 1 << 20)

        let values = Self.groups.flatMap { $0 }
        var probes = values.compactMap { $0 }
        for v in values.compactMap({ $0 }) where v.utf8.count > 60 {
            let cut = String(decoding: v.utf8.prefix(64), as: UTF8.self) // may end in U+FFFD: still a probe
            probes += [cut, String(v.unicodeScalars.prefix(10)), String(v.unicodeScalars.prefix(63)) + "\u{10FFFF}"]
        }
        probes += ["", "b", "mn", "zzz", "\u{10FFFF}"]
        let probesPath = path + ".probes.json"
        defer { try? FileManager.default.removeItem(atPath: probesPath) }
        try JSONSerialization.data(withJSONObject: probes).write(to: URL(fileURLWithPath: probesPath))

        let out = try ParquetPython.call("long", path, probesPath)
        func digest(_ v: String?) -> [String]? { v.map { [String($0.utf8.count), SHA256Hex.of($0)] } }
        func digests(_ any: Any?) -> [[String]?] {
            (any as? [Any] ?? []).map { ($0 as? [Any])?.map { "\($0)" } }
        }
        let expected = values.map(digest)
        let binaries: [String?] = (0 ..< values.count).map { Self.binaryValue($0).map { $0.map { String(format: "%02x", $0) }.joined() } }

        let arrow = out["pyarrow"] as? [String: Any] ?? [:]
        #expect(arrow["types"] as? [String] == ["int64", "string", "binary"])
        #expect(digests(arrow["s"]) == expected)
        #expect(ParquetPython.strings(arrow["b"]) == binaries)
        // Truncated bounds as pyarrow decodes them: short, and still bounds of each group.
        let stats = arrow["stats"] as? [Any] ?? []
        #expect(stats.count == Self.groups.count)
        for case let entry as [String: Any] in stats {
            let lengths = ["min", "max"].map { ((entry[$0] as? [Any])?.first as? Int) ?? .max }
            #expect(lengths[0] <= 64 && lengths[1] <= 67, "bounds of \(lengths) bytes")
        }
        #expect(stats[3] is NSNull, "group 3's maximum cannot be incremented: pyarrow sees no bounds")

        guard let duck = out["duckdb"] as? [String: Any] else {
            print("DuckDB checks skipped: duckdb not importable")
            return
        }
        #expect(digests(duck["s"]) == expected)
        #expect(ParquetPython.strings(duck["b"]) == binaries)
        let exact = (duck["exact"] as? [[Any]] ?? []).map { $0.map { $0 as? Bool } }
        // Group 0's min "apple" is exact, its 10 MB max is not; group 3 has no max at all.
        #expect(exact.first == [true, false])
        #expect(exact.count == Self.groups.count)
        func less(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }
        let present = values.compactMap { $0 }
        let filters = duck["filters"] as? [[Int]] ?? []
        #expect(filters.count == probes.count)
        for (k, probe) in probes.enumerated() where k < filters.count {
            let want = [present.filter { $0 == probe }.count, present.filter { less($0, probe) }.count,
                        present.filter { less(probe, $0) }.count]
            #expect(filters[k] == want, "=, <, > \(probe.prefix(40))… (\(probe.utf8.count) bytes)")
        }
    }
}
