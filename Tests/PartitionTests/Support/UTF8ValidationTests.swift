import Columns
import Testing

@Suite("UTF-8 validation")
struct UTF8ValidationTests {
    static func offset(_ bytes: [UInt8]) -> Int? {
        bytes.withUnsafeBytes { UTF8Validation.firstInvalidOffset($0) }
    }

    @Test("well-formed text passes, at every length around the word steps")
    func valid() {
        let samples = ["", "a", "plain ascii text of some length", "δέλτα", "日本語", "emoji 🎉", "\u{7F}\u{80}\u{7FF}\u{800}",
                       "\u{FFFF}\u{10000}\u{10FFFF}", "\u{D7FF}\u{E000}"]
        for sample in samples {
            for pad in 0 ..< 17 {
                let bytes = Array((String(repeating: "x", count: pad) + sample + String(repeating: "y", count: pad)).utf8)
                #expect(Self.offset(bytes) == nil, "\(sample) padded by \(pad)")
                #expect(bytes.withUnsafeBytes { UTF8Validation.isASCII($0) } == sample.utf8.allSatisfy { $0 < 0x80 })
            }
        }
    }

    @Test("ill-formed sequences are found at their first byte", arguments: [
        ([0xFF], 0), ([0xC0, 0x80], 0), ([0xC1, 0xBF], 0), ([0x80], 0), ([0xC3], 0), ([0xC3, 0x28], 0),
        ([0xE0, 0x80, 0x80], 0), ([0xE0, 0x9F, 0xBF], 0), ([0xED, 0xA0, 0x80], 0), ([0xED, 0xBF, 0xBF], 0),
        ([0xE2, 0x82], 0), ([0xF0, 0x80, 0x80, 0x80], 0), ([0xF0, 0x8F, 0xBF, 0xBF], 0), ([0xF4, 0x90, 0x80, 0x80], 0),
        ([0xF5, 0x80, 0x80, 0x80], 0), ([0xF0, 0x9F, 0x8E], 0), ([0x61, 0x62, 0xE9, 0x63], 2),
        ([0x61, 0xC3, 0xA9, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0x61, 0xFF], 12),
    ] as [([UInt8], Int)])
    func invalid(bytes: [UInt8], at expected: Int) {
        #expect(Self.offset(bytes) == expected)
        #expect(Self.offset(Array("0123456789abcdef".utf8) + bytes) == 16 + expected)
    }

    @Test("agrees with the standard library's decoder on random bytes")
    func randomBytes() {
        var random = SplitMix64(seed: 42)
        func next() -> UInt64 { random.next() }
        // Mostly ASCII with lead and continuation bytes mixed in, so both paths run.
        let alphabet: [UInt8] = [0x41, 0x20, 0x7F, 0x80, 0xBF, 0xA0, 0x8F, 0x90, 0x9F, 0xC2, 0xDF, 0xE0, 0xE1, 0xED, 0xEF,
                                 0xF0, 0xF3, 0xF4, 0xF5, 0xC0, 0xFF]
        for _ in 0 ..< 20000 {
            let count = Int(next() % 24)
            let bytes = (0 ..< count).map { _ in next() % 3 == 0 ? alphabet[Int(next() % UInt64(alphabet.count))] : UInt8(0x61) }
            let theirs = String(validating: bytes, as: UTF8.self) != nil
            #expect((Self.offset(bytes) == nil) == theirs, "\(bytes.map { String($0, radix: 16) })")
            if let at = Self.offset(bytes) {
                // Everything before the reported byte is valid on its own.
                #expect(String(validating: bytes[..<at], as: UTF8.self) != nil)
            }
        }
    }
}
