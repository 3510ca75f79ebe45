import Testing
@testable import Lake

@Suite("RLE / bit-packing hybrid")
struct RLEHybridTests {
    func roundTrip(_ values: [UInt32], bitWidth: Int) throws -> [UInt32] {
        let out = RLEHybridEncoder.encode(values, bitWidth: bitWidth)
        return try out.withUnsafeBytes { raw in
            var decoder = try RLEHybridDecoder(raw, bitWidth: bitWidth)
            var decoded = [UInt32](repeating: 0, count: values.count)
            try decoded.withUnsafeMutableBufferPointer { p in
                if let base = p.baseAddress { try decoder.decode(into: base, count: values.count) }
            }
            return decoded
        }
    }

    @Test("the format's example: 0...7 at width 3 bit-packs to 88 C6 FA")
    func specExample() throws {
        let values: [UInt32] = [0, 1, 2, 3, 4, 5, 6, 7]
        let out = RLEHybridEncoder.encode(values, bitWidth: 3)
        #expect(Array(out) == [0x03, 0x88, 0xC6, 0xFA])
        #expect(try roundTrip(values, bitWidth: 3) == values)
    }

    @Test("long runs become RLE runs")
    func runs() throws {
        let out = RLEHybridEncoder.encode([UInt32](repeating: 1, count: 1000), bitWidth: 1)
        #expect(Array(out) == [0xD0, 0x0F, 0x01]) // varint(1000 << 1), value 1
    }

    @Test("random mixes of runs and literals at every width", arguments: [1, 2, 3, 5, 8, 12, 17, 24, 31, 32])
    func random(bitWidth: Int) throws {
        var rng = ParquetTestSupport.Random(seed: UInt64(bitWidth))
        let mask: UInt64 = bitWidth == 32 ? 0xFFFF_FFFF : (1 << UInt64(bitWidth)) - 1
        for _ in 0 ..< 30 {
            var values: [UInt32] = []
            let n = rng.below(500)
            while values.count < n {
                let v = UInt32(rng.next() & mask)
                let run = rng.chance(0.3) ? rng.below(40) + 1 : 1
                values.append(contentsOf: repeatElement(v, count: min(run, n - values.count)))
            }
            #expect(try roundTrip(values, bitWidth: bitWidth) == values)
        }
    }

    @Test("truncated and hostile streams throw instead of trapping")
    func hostile() throws {
        let streams: [[UInt8]] = [[], [0x03], [0x03, 0x88], [0x80], [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01],
                                  [0x00], [0x02], [0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x01]]
        for s in streams {
            for width in [0, 1, 7, 32] {
                try s.withUnsafeBytes { raw in
                    var decoder = try RLEHybridDecoder(raw, bitWidth: width)
                    var out = [UInt32](repeating: 0, count: 64)
                    _ = try? out.withUnsafeMutableBufferPointer { p in
                        if let base = p.baseAddress { try decoder.decode(into: base, count: 64) }
                    }
                }
            }
        }
        #expect(throws: PageDecodingError.self) {
            try [UInt8]().withUnsafeBytes { _ = try RLEHybridDecoder($0, bitWidth: 33) }
        }
    }
}
