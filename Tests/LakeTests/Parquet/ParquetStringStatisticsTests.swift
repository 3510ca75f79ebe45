import Foundation
import Columns
import Testing
@testable import Lake

/// Long BYTE_ARRAY values: truncated statistics that stay bounds, stay UTF-8 for
/// STRING, and keep page headers and footers small; STRING refuses invalid UTF-8,
/// BINARY keeps any bytes.
@Suite("Parquet string statistics and UTF-8")
struct ParquetStringStatisticsTests {
    typealias S = ParquetTestSupport
    typealias T = StatisticsTruncation

    static func bytes(_ s: String) -> ContiguousArray<UInt8> { ContiguousArray(s.utf8) }
    static func text(_ b: ContiguousArray<UInt8>?) -> String? { b.flatMap { String(validating: $0, as: UTF8.self) } }
    static let a63 = String(repeating: "a", count: 63)

    @Test("short values stay exact; long ones become a prefix (min) and an incremented prefix (max)")
    func truncationValues() {
        let long = Self.bytes(String(repeating: "a", count: 100))
        #expect(T.minimum(Self.bytes("abc"), limit: 64, utf8: true) == T.Bound(bytes: Self.bytes("abc"), exact: true))
        #expect(T.maximum(Self.bytes(Self.a63 + "b"), limit: 64, utf8: true)?.exact == true)
        #expect(T.minimum(long, limit: 64, utf8: true) == T.Bound(bytes: Self.bytes(String(repeating: "a", count: 64)), exact: false))
        #expect(T.maximum(long, limit: 64, utf8: true) == T.Bound(bytes: Self.bytes(Self.a63 + "b"), exact: false))
        // A code point is never split: é would straddle byte 64.
        let straddle = Self.bytes(Self.a63 + "\u{E9}zz")
        #expect(Self.text(T.minimum(straddle, limit: 64, utf8: true).bytes) == Self.a63)
        #expect(Self.text(T.maximum(straddle, limit: 64, utf8: true)?.bytes) == String(repeating: "a", count: 62) + "b")
        // The incremented code point may need more bytes (U+007F → U+0080) and skips the surrogates.
        #expect(Self.text(T.maximum(Self.bytes(Self.a63 + "\u{7F}zz"), limit: 64, utf8: true)?.bytes) == Self.a63 + "\u{80}")
        let beforeSurrogates = String(repeating: "a", count: 61) + "\u{D7FF}" + "zz"
        #expect(Self.text(T.maximum(Self.bytes(beforeSurrogates), limit: 64, utf8: true)?.bytes)
            == String(repeating: "a", count: 61) + "\u{E000}")
        // U+10FFFF cannot be incremented: the code point before it is.
        let top = "a" + String(repeating: "\u{10FFFF}", count: 16)
        #expect(Self.text(T.maximum(Self.bytes(top), limit: 64, utf8: true)?.bytes) == "b")
        #expect(T.maximum(Self.bytes(String(repeating: "\u{10FFFF}", count: 17)), limit: 64, utf8: true) == nil)
        // BINARY: bytes, not code points.
        let binary = ContiguousArray<UInt8>([0x01] + Array(repeating: 0xFF, count: 70))
        #expect(T.minimum(binary, limit: 64, utf8: false).bytes.count == 64)
        #expect(T.maximum(binary, limit: 64, utf8: false) == T.Bound(bytes: [0x02], exact: false))
        #expect(T.maximum(ContiguousArray(repeating: 0xFF, count: 70), limit: 64, utf8: false) == nil)
    }

    @Test("truncated bounds bound the value and stay UTF-8, on random strings")
    func truncationBounds() {
        var rng = S.Random(seed: 9)
        let pieces = ["a", "z", "\u{7F}", "\u{80}", "\u{7FF}", "\u{800}", "\u{D7FF}", "\u{E000}", "\u{FFFF}", "\u{10000}",
                      "\u{10FFFF}", "é", "日", "🎉"]
        for _ in 0 ..< 5000 {
            let value = Self.bytes((0 ..< rng.below(90)).map { _ in pieces[rng.below(pieces.count)] }.joined())
            let limit = 4 + rng.below(70)
            let low = T.minimum(value, limit: limit, utf8: true)
            #expect(low.bytes.count <= limit && Self.text(low.bytes) != nil)
            #expect(!value.lexicographicallyPrecedes(low.bytes), "min above the value")
            #expect(low.exact == (low.bytes == value))
            if let high = T.maximum(value, limit: limit, utf8: true) {
                #expect(high.bytes.count <= limit + 3 && Self.text(high.bytes) != nil)
                #expect(high.exact ? high.bytes == value : value.lexicographicallyPrecedes(high.bytes), "max below the value")
            } else {
                #expect(value.count > limit)
            }
        }
    }

    /// Raw footer statistics of column `column` in every row group.
    static func footerStatistics(_ path: String, column: Int) throws -> [ParquetStatistics] {
        let metadata = try FooterReader.read(try FileSource(path: path))
        return metadata.rowGroups.compactMap { $0.columns[column].metaData?.statistics }
    }

    /// The statistics in the header of each data page of the first chunk of `column`.
    static func pageStatistics(_ path: String, column: Int) throws -> [ParquetStatistics] {
        let metadata = try FooterReader.read(try FileSource(path: path))
        guard let chunk = metadata.rowGroups.first?.columns[column].metaData else { return [] }
        let file = try ContiguousArray(Data(contentsOf: URL(fileURLWithPath: path)))
        var offset = Int(chunk.dictionaryPageOffset ?? chunk.dataPageOffset)
        let end = offset + Int(chunk.totalCompressedSize)
        var out: [ParquetStatistics] = []
        while offset < end {
            var d = CompactDecoder(file, start: offset)
            let header = try PageHeader(from: &d)
            if let s = header.dataPageHeader?.statistics { out.append(s) }
            offset = d.position + Int(header.compressedPageSize)
        }
        return out
    }

    @Test("a 10 MB value keeps page headers and the footer small; bounds are marked inexact", arguments: [true, false])
    func hugeValue(dictionary: Bool) throws {
        let huge = String(repeating: "m", count: 10 << 20) + "end"
        var names = ByteColumn()
        for value in ["apple", huge, "banana", String(repeating: "z", count: 70) + "\u{E9}"] { names.append(string: value) }
        let schema = Schema([Field("name", .text)])
        let path = S.temporaryPath("huge")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let info = try S.write([RecordBatch(schema: schema, columns: [.text(names)])], schema: schema, to: path,
                               options: ParquetWriterOptions(dictionary: dictionary))
        // The value compresses to almost nothing; a copy in a header would not.
        #expect(info.fileBytes < 1 << 20, "file of \(info.fileBytes) bytes")
        #expect(info.columns[0].min == .string("apple"))
        #expect(info.columns[0].max == .string(String(repeating: "z", count: 63) + "{"))
        let footer = try Self.footerStatistics(path, column: 0)
        #expect(footer.count == 1 && footer[0].isMinValueExact == true && footer[0].isMaxValueExact == false)
        let pages = try Self.pageStatistics(path, column: 0)
        #expect(pages.count >= 2)
        #expect(pages.contains { $0.isMinValueExact == false || $0.isMaxValueExact == false })
        let values = ["apple", huge, "banana", String(repeating: "z", count: 70) + "\u{E9}"].map(Self.bytes)
        for stats in footer + pages {
            #expect((stats.minValue?.count ?? 0) <= 64 && (stats.maxValue?.count ?? 0) <= 67)
            // An exact bound is a value; an inexact one is not.
            for (bound, exact) in [(stats.minValue, stats.isMinValueExact), (stats.maxValue, stats.isMaxValueExact)] {
                #expect(exact != nil && values.contains { $0 == bound } == exact)
            }
        }
        let back = try S.readAll(path)
        #expect(S.canonicalColumn(back, 0) == ["apple", huge, "banana", String(repeating: "z", count: 70) + "\u{E9}"])
    }

    @Test("row groups are never skipped wrongly on truncated bounds")
    func skippingWithTruncatedBounds() throws {
        var rng = S.Random(seed: 3)
        let top = String(repeating: "\u{10FFFF}", count: 20)
        let stems = ["k", "k" + top, top, String(repeating: "q", count: 80), "é"]
        func value() -> String {
            stems[rng.below(stems.count)] + String(repeating: "x", count: rng.below(90)) + String(rng.below(5))
        }
        let schema = Schema([Field("s", .text, nullable: false)])
        let path = S.temporaryPath("truncated-skip")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let writer = try ParquetWriter(path: path, schema: schema, options: ParquetWriterOptions(rowGroupBytes: 1))
        var groups: [[String]] = []
        for g in 0 ..< 12 {
            // Group 0 holds a maximum that cannot be incremented (only U+10FFFF in its prefix).
            let values = (0 ..< 1 + rng.below(4)).map { _ in value() } + (g == 0 ? [top + "x"] : [])
            var c = ByteColumn()
            for v in values { c.append(string: v) }
            try writer.write(RecordBatch(schema: schema, columns: [.text(c)]))
            groups.append(values)
        }
        _ = try writer.finish()
        let reader = try ParquetReader(path: path)
        #expect(reader.rowGroups.count == groups.count)
        #expect(reader.rowGroups.contains { $0.columns[0].max == nil }, "some maximum cannot be incremented")
        func less(_ a: String, _ b: String) -> Bool { a.utf8.lexicographicallyPrecedes(b.utf8) }
        var probes = groups.flatMap { $0 }
        for v in probes { probes += [String(v.unicodeScalars.prefix(64)), String(v.unicodeScalars.prefix(63)) + "~", v + "a"] }
        for probe in probes {
            let predicates: [(StatisticsPredicate, (String) -> Bool)] = [
                (.equal("s", .string(probe)), { $0 == probe }),
                (.lessThan("s", .string(probe)), { less($0, probe) }),
                (.lessThanOrEqual("s", .string(probe)), { !less(probe, $0) }),
                (.greaterThan("s", .string(probe)), { less(probe, $0) }),
                (.greaterThanOrEqual("s", .string(probe)), { !less($0, probe) }),
            ]
            for (predicate, holds) in predicates {
                let kept = Set(reader.rowGroups(matching: predicate))
                for (g, values) in groups.enumerated() where values.contains(where: holds) {
                    #expect(kept.contains(g), "\(predicate) skipped row group \(g)")
                }
            }
        }
    }

    @Test("invalid UTF-8 is refused in a STRING column, naming the row; the partial file is removed",
          arguments: [true, false])
    func stringRefusesInvalidUTF8(dictionary: Bool) throws {
        var c = ByteColumn()
        c.append(string: "fine")
        c.append(ContiguousArray<UInt8>([0x43, 0x61, 0x66, 0xE9]))
        let schema = Schema([Field("name", .text)])
        let path = S.temporaryPath("invalid-utf8")
        #expect {
            _ = try S.write([RecordBatch(schema: schema, columns: [.text(c)])], schema: schema, to: path,
                            options: ParquetWriterOptions(dictionary: dictionary))
        } throws: { error in
            let e = error as? ParquetError
            return e?.column == "name" && e?.message.contains("row 1 is not valid UTF-8 (byte 3") == true
        }
        #expect(!FileManager.default.fileExists(atPath: path))
    }

    @Test("a BINARY column keeps any bytes, reads back as BINARY, and reports no string bounds")
    func binaryColumn() throws {
        let values: [[UInt8]] = [[0xFF, 0x00, 0xFE], [], Array("text".utf8), [0xC3, 0x28] + Array(repeating: 0x80, count: 100)]
        var c = ByteColumn()
        c.materializeNulls()
        for v in values { c.append(v) }
        c.appendNull()
        let schema = Schema([Field("raw", .binary)])
        let path = S.temporaryPath("binary")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let info = try S.write([RecordBatch(schema: schema, columns: [.text(c)])], schema: schema, to: path)
        #expect(info.columns[0].min == nil && info.columns[0].max == nil && info.columns[0].nullCount == 1)
        let reader = try ParquetReader(path: path)
        #expect(reader.schema.fields == [Field("raw", .binary)])
        let back = try reader.read()
        guard case let .text(read)? = back.first?.columns.first else {
            Issue.record("no column")
            return
        }
        #expect((0 ..< 4).map { Array(read.bytes[read.range($0)]) } == values)
        #expect(!read.isNull(1) && read.isNull(4))
        let footer = try Self.footerStatistics(path, column: 0)
        #expect(footer.first?.minValue == [])
        #expect(footer.first?.maxValue == [0xFF, 0x00, 0xFE])
    }
}
