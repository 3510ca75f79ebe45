import Foundation
import Columns
import Testing
@testable import Lake

@Suite("Parquet round trips")
struct ParquetRoundTripTests {
    typealias S = ParquetTestSupport

    static let codecs: [ParquetCompression] = [.zstd(level: 3), .gzip(level: 6), .uncompressed]

    @Test("every type × nullable/required × dictionary/plain × codec, many pages and row groups",
          arguments: codecs, [true, false])
    func roundTrip(codec: ParquetCompression, dictionary: Bool) throws {
        let schema = S.wideSchema
        let batches = (0 ..< 4).map { S.batch(schema, rows: 1500 + $0 * 333, seed: UInt64(40 + $0)) }
        var options = ParquetWriterOptions(compression: codec, rowGroupBytes: 24 << 10, pageBytes: 1 << 10, dictionary: dictionary)
        options.keyValueMetadata = [(key: "origin", value: "test")]
        let path = S.temporaryPath("roundtrip")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let info = try S.write(batches, schema: schema, to: path, options: options)

        let reader = try ParquetReader(path: path)
        #expect(reader.schema == schema)
        #expect(reader.rowCount == Int64(batches.reduce(0) { $0 + $1.rowCount }))
        #expect(info.rowCount == reader.rowCount)
        #expect(reader.rowGroups.count > 1)
        #expect(info.rowGroupCount == reader.rowGroups.count)
        #expect(reader.keyValueMetadata["origin"] == "test")
        #expect(reader.createdBy?.hasPrefix("medallion version") == true)
        let read = try reader.read()
        for (i, field) in schema.fields.enumerated() {
            let expected = batches.flatMap { S.canonicalColumn($0.columns[i]) }
            #expect(S.canonicalColumn(read, i) == expected, "column \(field.name)")
        }
        // Page structure: several data pages per chunk, the chosen encodings.
        let footer = try FooterReader.read(FileSource(path: path))
        for chunk in footer.rowGroups[0].columns {
            guard let m = chunk.metaData else { Issue.record("no metadata"); continue }
            #expect(try m.codec == PageCompressor(codec).codec)
            if m.type != .boolean {
                #expect(m.encodings.contains(.rleDictionary) == dictionary, "\(m.pathInSchema)")
                #expect((m.dictionaryPageOffset != nil) == dictionary)
            }
        }
    }

    @Test("projection returns the asked columns in the asked order")
    func projection() throws {
        let schema = S.wideSchema
        let batch = S.batch(schema, rows: 500, seed: 7)
        let path = S.temporaryPath("projection")
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try S.write([batch], schema: schema, to: path)
        let reader = try ParquetReader(path: path)
        let out = try reader.readRowGroup(0, columns: ["double_r", "text_n"])
        #expect(out.schema.fields.map(\.name) == ["double_r", "text_n"])
        #expect(S.canonicalColumn(out.columns[0]) == S.canonicalColumn(batch.columns[schema.index(of: "double_r") ?? 0]))
        #expect(S.canonicalColumn(out.columns[1]) == S.canonicalColumn(batch.columns[schema.index(of: "text_n") ?? 0]))
        #expect(throws: ParquetError.self) { try reader.readRowGroup(0, columns: ["nope"]) }
        #expect(throws: ParquetError.self) { try reader.readRowGroup(0, columns: ["int_n", "int_n"]) }
        #expect(throws: ParquetError.self) { try reader.readRowGroup(5) }
    }

    @Test("empty file: schema only, no row groups")
    func emptyFile() throws {
        let schema = S.wideSchema
        let path = S.temporaryPath("empty")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let info = try S.write([], schema: schema, to: path)
        #expect(info.rowCount == 0)
        #expect(info.rowGroupCount == 0)
        #expect(info.columns.allSatisfy { $0.min == nil && $0.max == nil && $0.valueCount == 0 })
        let reader = try ParquetReader(path: path)
        #expect(reader.schema == schema)
        #expect(reader.rowCount == 0)
        #expect(try reader.read().isEmpty)
        // Zero-row batches are fine too.
        let path2 = S.temporaryPath("empty-batch")
        defer { try? FileManager.default.removeItem(atPath: path2) }
        let info2 = try S.write([RecordBatch(empty: schema)], schema: schema, to: path2)
        #expect(info2.rowCount == 0)
    }

    @Test("all-NULL columns: no bounds, every value counted as NULL", arguments: [true, false])
    func allNull(dictionary: Bool) throws {
        let schema = Schema(S.allTypes.map { Field(S.name($0), $0, nullable: true) })
        let batch = S.batch(schema, rows: 3000, seed: 3, nullRate: 1.0)
        let path = S.temporaryPath("allnull")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let info = try S.write([batch], schema: schema, to: path,
                               options: ParquetWriterOptions(pageBytes: 1024, dictionary: dictionary))
        for stats in info.columns {
            #expect(stats.nullCount == 3000)
            #expect(stats.min == nil && stats.max == nil)
        }
        let reader = try ParquetReader(path: path)
        let read = try reader.read()
        for i in schema.fields.indices {
            #expect(S.canonicalColumn(read, i) == Array(repeating: nil, count: 3000))
        }
        #expect(reader.rowGroups[0].columns.allSatisfy { $0.nullCount == 3000 && $0.min == nil })
    }

    @Test("empty strings that are not NULL survive (explicit NULL mask)")
    func emptyStrings() throws {
        var text = ByteColumn()
        for s in ["a", "", nil, "", "b", nil] as [String?] { text.append(string: s) }
        var required = ByteColumn()
        for s in ["", "x", ""] as [String?] { required.append(string: s) }
        for dictionary in [true, false] {
            let schema = Schema([Field("t", .text)])
            let path = S.temporaryPath("empties")
            defer { try? FileManager.default.removeItem(atPath: path) }
            _ = try S.write([RecordBatch(schema: schema, columns: [.text(text)])], schema: schema, to: path,
                            options: ParquetWriterOptions(dictionary: dictionary))
            let read = try S.readAll(path)
            #expect(S.canonicalColumn(read, 0) == ["a", "", nil, "", "b", nil])

            let schema2 = Schema([Field("t", .text, nullable: false)])
            _ = try S.write([RecordBatch(schema: schema2, columns: [.text(required)])], schema: schema2, to: path,
                            options: ParquetWriterOptions(dictionary: dictionary))
            #expect(S.canonicalColumn(try S.readAll(path), 0) == ["", "x", ""])
        }
    }

    @Test("a dictionary that outgrows its limit falls back to PLAIN within the chunk")
    func dictionaryFallback() throws {
        let schema = Schema([Field("s", .text), Field("i", .int64, nullable: false), Field("d", .double)])
        let batch = S.batch(schema, rows: 20000, seed: 11, distinct: 5000)
        var options = ParquetWriterOptions(pageBytes: 4096)
        options.dictionaryMaxEntries = 300
        let path = S.temporaryPath("fallback")
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try S.write([batch], schema: schema, to: path, options: options)
        let footer = try FooterReader.read(FileSource(path: path))
        for chunk in footer.rowGroups[0].columns {
            let encodings = chunk.metaData?.encodings ?? []
            #expect(encodings.contains(.rleDictionary) && encodings.contains(.plain))
        }
        let read = try S.readAll(path)
        for i in schema.fields.indices {
            #expect(S.canonicalColumn(read, i) == S.canonicalColumn(batch.columns[i]))
        }
    }

    /// Past 16 Ki entries the dictionary's probes are hashed a block ahead and prefetched
    /// (`ByteArrayDictionary.prefetch`); blocks cut by page ends and by the fallback to PLAIN.
    @Test("a dictionary larger than the caches: every value back, with and without the fallback to PLAIN",
          arguments: [64 << 10, 20000])
    func largeDictionary(maxEntries: Int) throws {
        let schema = Schema([Field("s", .text)])
        let batch = S.batch(schema, rows: 150_000, seed: 5, distinct: 40000)
        var options = ParquetWriterOptions(compression: .uncompressed, pageBytes: 64 << 10)
        options.dictionaryMaxEntries = maxEntries
        let path = S.temporaryPath("large-dictionary")
        defer { try? FileManager.default.removeItem(atPath: path) }
        _ = try S.write([batch], schema: schema, to: path, options: options)
        let chunk = try #require(try FooterReader.read(FileSource(path: path)).rowGroups[0].columns[0].metaData)
        #expect(chunk.encodings.contains(.rleDictionary))
        if maxEntries > 40000 {
            // Each distinct value once in the dictionary page (4-byte length + bytes), whichever
            // path found it: a wrong hash would have stored repeats.
            let distinct = Set(S.canonicalColumn(batch.columns[0]).compactMap { $0 })
            let body = distinct.reduce(0) { $0 + 4 + $1.utf8.count }
            let page = try #require(chunk.dictionaryPageOffset).distance(to: chunk.dataPageOffset)
            #expect(page >= Int64(body) && page <= Int64(body) + 64)
        }
        #expect(S.canonicalColumn(try S.readAll(path), 0) == S.canonicalColumn(batch.columns[0]))
    }

    @Test("NULL in a non-nullable field is refused and the partial file removed")
    func nullInRequired() throws {
        let schema = Schema([Field("x", .int64, nullable: false)])
        var c = FixedColumn<Int64>()
        c.append(1)
        c.appendNull()
        let path = S.temporaryPath("required")
        let writer = try ParquetWriter(path: path, schema: schema)
        #expect {
            try writer.write(RecordBatch(schema: schema, columns: [.int64(c)]))
        } throws: { error in
            guard let e = error as? ParquetError else { return false }
            return e.kind == .invalidArgument && e.column == "x" && e.description.contains("row 1")
        }
        #expect(!FileManager.default.fileExists(atPath: path))
        #expect(throws: ParquetError.self) { try writer.finish() }
    }

    @Test("a batch with another schema is refused")
    func schemaMismatch() throws {
        let schema = Schema([Field("x", .int64)])
        let path = S.temporaryPath("mismatch")
        let writer = try ParquetWriter(path: path, schema: schema)
        defer { writer.abort() }
        let other = Schema([Field("x", .int32)])
        #expect(throws: ParquetError.self) { try writer.write(RecordBatch(empty: other)) }
    }

    @Test("large row groups split across batches at the configured size")
    func rowGroupSizing() throws {
        let schema = Schema([Field("i", .int64, nullable: false)])
        // Unique values: PLAIN after the dictionary limit, 8 bytes a row.
        var c = FixedColumn<Int64>()
        for i in 0 ..< 200_000 { c.append(Int64(i) &* 2_654_435_761) }
        var options = ParquetWriterOptions(compression: .uncompressed, rowGroupBytes: 400_000)
        options.dictionary = false
        let path = S.temporaryPath("sizing")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let info = try S.write([RecordBatch(schema: schema, columns: [.int64(c)])], schema: schema, to: path, options: options)
        // 1.6 MB of values in groups of ~400 KB (checked every 64 Ki rows).
        #expect(info.rowGroupCount >= 2 && info.rowGroupCount <= 4)
        let read = try S.readAll(path)
        #expect(S.canonicalColumn(read, 0) == S.canonicalColumn(.int64(c)))
    }
}

@Suite("Parquet writer determinism")
struct ParquetDeterminismTests {
    typealias S = ParquetTestSupport

    @Test("serial and parallel encoding write byte-identical files")
    func parallelMatchesSerial() throws {
        let schema = S.wideSchema
        let batches = (0 ..< 3).map { S.batch(schema, rows: 5000, seed: UInt64(200 + $0), distinct: 3000) }
        var files: [Data] = []
        for threads in [1, 2, 4] {
            var options = ParquetWriterOptions(rowGroupBytes: 64 << 10, pageBytes: 4 << 10)
            options.encodingThreads = threads
            options.dictionaryMaxEntries = 1000
            let path = S.temporaryPath("threads\(threads)")
            defer { try? FileManager.default.removeItem(atPath: path) }
            _ = try S.write(batches, schema: schema, to: path, options: options)
            files.append(try Data(contentsOf: URL(fileURLWithPath: path)))
        }
        #expect(files[0] == files[1])
        #expect(files[0] == files[2])
    }
}
