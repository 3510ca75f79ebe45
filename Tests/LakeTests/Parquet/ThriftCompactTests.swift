import Testing
@testable import Lake

@Suite("Thrift compact protocol")
struct ThriftCompactTests {
    @Test("varints and zigzag round trip at the edges")
    func integers() throws {
        let values: [Int64] = [0, 1, -1, 63, -64, 64, 127, 128, 300, -300, Int64(Int32.max), Int64(Int32.min), .max, .min]
        var e = CompactEncoder()
        e.beginStruct()
        for (i, v) in values.enumerated() { e.field(Int16(i + 1), i64: v) }
        e.endStruct()
        var d = CompactDecoder(e.bytes)
        var decoded: [Int64] = []
        try d.readStruct { d, id, type in
            #expect(Int(id) == decoded.count + 1)
            decoded.append(try d.readI64(type))
        }
        #expect(decoded == values)
        #expect(d.remaining == 0)
    }

    @Test("field ids: short deltas, long form for jumps and going back")
    func fieldIDs() throws {
        var e = CompactEncoder()
        e.beginStruct()
        e.field(1, i32: 10)
        e.field(16, i32: 20) // delta 15: still short
        e.field(40, i32: 30) // delta 24: long form
        e.field(2, i32: 40) // backwards: long form
        e.field(300, bool: true)
        e.endStruct()
        #expect(e.bytes[0] == 0x15) // delta 1, type i32
        var d = CompactDecoder(e.bytes)
        var seen: [(Int16, Int32)] = []
        var flag = false
        try d.readStruct { d, id, type in
            if id == 300 { flag = try d.readBool(type) } else { seen.append((id, try d.readI32(type))) }
        }
        #expect(seen.map(\.0) == [1, 16, 40, 2])
        #expect(seen.map(\.1) == [10, 20, 30, 40])
        #expect(flag)
    }

    @Test("unknown fields of every type are skipped")
    func skipUnknown() throws {
        var e = CompactEncoder()
        e.beginStruct()
        e.field(1, i32: 7)
        e.field(2, string: "skip me")
        e.field(3) { e in
            e.field(1, i64: 99)
            e.field(2) { $0.field(5, bool: false) }
        }
        e.field(4, i32List: Array(0 ..< 40))
        e.field(5, stringList: ["a", "b"])
        e.field(6, double: 1.5)
        e.field(8, bool: false)
        e.field(9, i8: -3)
        e.fieldHeader(10, .map)
        e.writeVarint(2)
        var bytes = e.bytes
        bytes.append(0x58) // map<i32, binary>
        bytes.append(contentsOf: [0x0A, 0x02, 1, 2, 0x0C, 0x00] as [UInt8]) // 5: [1, 2], 6: []
        bytes.append(contentsOf: [0x19, 0x31, 1, 2, 1] as [UInt8]) // field 11: list<bool> [true, false, true]
        bytes.append(contentsOf: [0x95, 0x54, 0x00] as [UInt8]) // field 20: i32 42; stop
        var d = CompactDecoder(bytes)
        var known: [Int16: Int32] = [:]
        try d.readStruct { d, id, type in
            if id == 1 || id == 20 { known[id] = try d.readI32(type) } else { try d.skip(type) }
        }
        #expect(known == [1: 7, 20: 42])
        #expect(d.remaining == 0)
    }

    @Test("garbage never traps: every prefix and byte flip of a footer throws or decodes")
    func garbage() throws {
        var meta = FileMetaData(version: 1, schema: [SchemaElement(name: "schema")], numRows: 5, rowGroups: [])
        meta.createdBy = "x"
        meta.keyValueMetadata = [KeyValue(key: "k", value: "v")]
        var e = CompactEncoder()
        e.beginStruct()
        meta.encode(to: &e)
        e.endStruct()
        var d = CompactDecoder(e.bytes)
        #expect(try FileMetaData(from: &d) == meta)
        for n in 0 ..< e.bytes.count {
            var p = CompactDecoder(ContiguousArray(e.bytes.prefix(n)), baseOffset: 1000)
            #expect(throws: ThriftDecodingError.self) { try FileMetaData(from: &p) }
        }
        var rng = ParquetTestSupport.Random(seed: 5)
        for _ in 0 ..< 2000 {
            var bytes = e.bytes
            bytes[rng.below(bytes.count)] ^= UInt8(truncatingIfNeeded: rng.next() | 1)
            var g = CompactDecoder(bytes)
            _ = try? FileMetaData(from: &g)
        }
    }

    @Test("errors carry the byte offset; deep nesting and huge lengths are refused")
    func errors() throws {
        // A binary claiming 1000 bytes with 2 left, at offset 1 after the header.
        var d = CompactDecoder([0x48, 0xE8, 0x07, 1, 2], baseOffset: 100)
        #expect {
            try d.readStruct { d, _, type in _ = try d.readBinary(type) }
        } throws: { error in
            (error as? ThriftDecodingError)?.offset == 101
        }
        // 200 nested structs.
        var nested = ContiguousArray<UInt8>(repeating: 0x1C, count: 200)
        nested.append(contentsOf: repeatElement(0, count: 201))
        var n = CompactDecoder(nested)
        #expect(throws: ThriftDecodingError.self) { try n.skip(.struct) }
        // A list claiming 2^31 elements.
        var l = CompactDecoder([0x19, 0xF5, 0xFF, 0xFF, 0xFF, 0xFF, 0x07])
        #expect(throws: ThriftDecodingError.self) { try l.readStruct { d, _, t in try d.skip(t) } }
        // An 11-byte varint.
        var v = CompactDecoder(ContiguousArray(repeating: 0xFF, count: 11))
        #expect(throws: ThriftDecodingError.self) { _ = try v.readVarint() }
    }

    @Test("page headers and statistics round trip")
    func pageHeader() throws {
        var stats = ParquetStatistics()
        stats.minValue = [1, 2]
        stats.maxValue = [3]
        stats.nullCount = 4
        stats.nanCount = 0
        var header = PageHeader(type: .dataPage, uncompressedPageSize: 100, compressedPageSize: 50)
        header.dataPageHeader = DataPageHeader(numValues: 10, encoding: .rleDictionary, statistics: stats)
        var e = CompactEncoder()
        e.beginStruct()
        header.encode(to: &e)
        e.endStruct()
        var d = CompactDecoder(e.bytes)
        #expect(try PageHeader(from: &d) == header)
    }
}
