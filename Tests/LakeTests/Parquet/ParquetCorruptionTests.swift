import Foundation
import Columns
import Testing
@testable import Lake

/// Damaged files must fail with a `ParquetError` naming the file (and, where it
/// is known, the byte offset) — never trap, hang or return a wrong row count.
@Suite("Parquet corrupt and truncated files")
struct ParquetCorruptionTests {
    typealias S = ParquetTestSupport

    static func goodFile(dictionary: Bool = true, codec: ParquetCompression = .zstd(level: 3)) throws -> (String, Data) {
        let schema = S.wideSchema
        let path = S.temporaryPath("good")
        _ = try S.write([S.batch(schema, rows: 300, seed: 9)], schema: schema, to: path,
                        options: ParquetWriterOptions(compression: codec, pageBytes: 256, dictionary: dictionary))
        return (path, try Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Opens and fully reads `path`; returns the error if there was one.
    static func readEverything(_ path: String) -> ParquetError? {
        do {
            let reader = try ParquetReader(path: path)
            for g in reader.rowGroups.indices {
                let batch = try reader.readRowGroup(g)
                #expect(Int64(batch.rowCount) == reader.rowGroups[g].rowCount)
            }
            return nil
        } catch let e as ParquetError {
            #expect(e.path == path)
            return e
        } catch {
            Issue.record("not a ParquetError: \(error)")
            return nil
        }
    }

    @Test("not Parquet, too small, or missing magic")
    func notParquet() throws {
        let path = S.temporaryPath("junk")
        defer { try? FileManager.default.removeItem(atPath: path) }
        for bytes in [[], Array("PAR1".utf8), Array("hello, world, this is csv\n".utf8), Array("PAR1PAR1PAR1".utf8)] as [[UInt8]] {
            try Data(bytes).write(to: URL(fileURLWithPath: path))
            let e = Self.readEverything(path)
            #expect(e?.kind == .corrupt, "\(bytes.count) bytes")
            #expect(e?.offset != nil)
        }
        #expect(throws: ParquetError.self) { try ParquetReader(path: "/nonexistent/x.parquet") }
    }

    @Test("a footer length pointing outside the file names the offset")
    func badFooterLength() throws {
        let (path, data) = try Self.goodFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var bytes = [UInt8](data)
        let at = bytes.count - 8
        bytes[at] = 0xFF; bytes[at + 1] = 0xFF; bytes[at + 2] = 0xFF; bytes[at + 3] = 0x7F
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let e = Self.readEverything(path)
        #expect(e?.kind == .corrupt)
        #expect(e?.offset == Int64(at))
        #expect(e?.description.contains(path) == true)
    }

    @Test("every truncation fails cleanly", arguments: [true, false])
    func truncations(dictionary: Bool) throws {
        let (path, data) = try Self.goodFile(dictionary: dictionary)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let cut = S.temporaryPath("cut")
        defer { try? FileManager.default.removeItem(atPath: cut) }
        // Every length near both ends, and a stride through the middle.
        let lengths = Array(0 ..< 64) + Array(stride(from: 64, to: data.count - 64, by: 37)) + Array((data.count - 64) ..< data.count)
        for n in lengths {
            try data.prefix(n).write(to: URL(fileURLWithPath: cut))
            #expect(Self.readEverything(cut) != nil, "prefix of \(n) bytes read without error")
        }
    }

    @Test("a truncated footer (cut inside the metadata) names a byte offset")
    func truncatedFooter() throws {
        let (path, data) = try Self.goodFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var bytes = [UInt8](data)
        let length = Int(bytes[bytes.count - 8]) | Int(bytes[bytes.count - 7]) << 8 | Int(bytes[bytes.count - 6]) << 16
        let footerStart = bytes.count - 8 - length
        // Drop the footer's second half but keep a consistent trailer.
        let keep = length / 2
        bytes.removeSubrange((footerStart + keep) ..< (bytes.count - 8))
        let n = UInt32(keep)
        for k in 0 ..< 4 { bytes[bytes.count - 8 + k] = UInt8(truncatingIfNeeded: n >> (8 * UInt32(k))) }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let e = Self.readEverything(path)
        #expect(e?.kind == .corrupt)
        #expect(e?.message.hasPrefix("footer") == true)
        if let offset = e?.offset { #expect(offset >= Int64(footerStart) && offset <= Int64(bytes.count)) } else { Issue.record("no offset") }
    }

    @Test("random byte damage never traps", arguments: [
        ParquetCompression.uncompressed, .zstd(level: 3), .gzip(level: 6),
    ], [true, false])
    func byteFlips(codec: ParquetCompression, dictionary: Bool) throws {
        let (path, data) = try Self.goodFile(dictionary: dictionary, codec: codec)
        defer { try? FileManager.default.removeItem(atPath: path) }
        let damaged = S.temporaryPath("flip")
        defer { try? FileManager.default.removeItem(atPath: damaged) }
        var rng = S.Random(seed: 77)
        var failures = 0
        for round in 0 ..< 300 {
            var bytes = [UInt8](data)
            for _ in 0 ..< (1 + round % 3) {
                let at = rng.below(bytes.count)
                bytes[at] = round % 2 == 0 ? bytes[at] ^ UInt8(truncatingIfNeeded: rng.next() | 1) : UInt8(truncatingIfNeeded: rng.next())
            }
            try Data(bytes).write(to: URL(fileURLWithPath: damaged))
            if Self.readEverything(damaged) != nil { failures += 1 }
        }
        // Uncompressed PLAIN data absorbs many flips silently; headers do not.
        #expect(failures > 0)
    }

    @Test("errors inside pages name the column and the page's offset")
    func pageError() throws {
        let schema = Schema([Field("a", .int64), Field("b", .text)])
        var a = FixedColumn<Int64>(), b = ByteColumn()
        for i in 0 ..< 100 { a.append(Int64(i)); b.append(string: "v\(i)") }
        let path = S.temporaryPath("pageerr")
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try S.write([RecordBatch(schema: schema, columns: [.int64(a), .text(b)])], schema: schema, to: path,
                        options: ParquetWriterOptions(compression: .uncompressed, dictionary: false))
        let footer = try FooterReader.read(FileSource(path: path))
        guard let m = footer.rowGroups.first?.columns[1].metaData else { Issue.record("no chunk"); return }
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        // Column b's page header starts at its data page offset; make a value's
        // length prefix absurd: the last 4 bytes before the next chunk/footer hold
        // "v99"'s bytes, so change the first value length instead (after the header).
        let chunkEnd = Int(m.dataPageOffset + m.totalCompressedSize)
        // Values are the tail of the page: "v99" (3 bytes) preceded by its length.
        bytes[chunkEnd - 7] = 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let e = Self.readEverything(path)
        #expect(e?.kind == .corrupt)
        #expect(e?.column == "b")
        #expect(e?.offset == m.dataPageOffset)
    }
}
