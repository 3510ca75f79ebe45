import Columns
import Partition
import Testing

@Suite("Byte scans")
struct ByteScanTests {
    @Test("vector quote/newline counts equal a byte-by-byte count for every length and alignment")
    func counts() {
        var rng = SplitMix64(seed: 5)
        for length in [0, 1, 7, 31, 32, 33, 64, 4063, 4064, 4065, 9000, 20000] {
            let bytes = (0 ..< length + 3).map { _ -> UInt8 in
                switch rng.next() % 4 { case 0: 0x22; case 1: 0x0A; default: UInt8(truncatingIfNeeded: rng.next()) }
            }
            for offset in 0 ..< 3 {
                let slice = Array(bytes[offset ..< offset + length])
                let expected = (slice.filter { $0 == 0x22 }.count, slice.filter { $0 == 0x0A }.count)
                let got = slice.withUnsafeBytes { ByteScan.countQuotesAndNewlines($0) }
                #expect(got.quotes == expected.0 && got.newlines == expected.1, "length \(length) offset \(offset)")
                #expect(slice.withUnsafeBytes { ByteScan.countNewlines($0) } == expected.1)
            }
        }
    }

    @Test("record ends found forward and backward honour quotes")
    func recordEnds() {
        let bytes = Array("a,\"x\ny\"\nb,c\n\"p".utf8)
        bytes.withUnsafeBytes { raw in
            #expect(ByteScan.firstRecordEnd(raw, startsInQuote: false) == 8)
            #expect(ByteScan.firstRecordEnd(raw, startsInQuote: true) == 5)
            #expect(ByteScan.lastRecordEnd(raw, endsInQuote: true) == 12)
        }
    }
}
