/// Word-at-a-time scans over raw CSV bytes: counting quotes and line feeds, and
/// finding record boundaries given the quote state at one end of a buffer.
public enum ByteScan {
    public static let quote: UInt8 = 0x22
    public static let newline: UInt8 = 0x0A

    /// Number of `"` and `\n` bytes in `bytes`, 32 bytes per step: lane compares give
    /// -1 per match (the mask's lanes), subtracted in 8-bit lanes for up to 127 steps before widening.
    public static func countQuotesAndNewlines(_ bytes: UnsafeRawBufferPointer) -> (quotes: Int, newlines: Int) {
        let n = bytes.count
        guard let base = bytes.baseAddress else { return (0, 0) }
        var quotes = 0
        var newlines = 0
        var i = 0
        let quoteLanes = SIMD32<UInt8>(repeating: quote)
        let newlineLanes = SIMD32<UInt8>(repeating: newline)
        while i + 32 <= n {
            var quoteAcc = SIMD32<Int8>()
            var newlineAcc = SIMD32<Int8>()
            var steps = 0
            while steps < 127, i + 32 <= n {
                let v = base.loadUnaligned(fromByteOffset: i, as: SIMD32<UInt8>.self)
                quoteAcc &-= unsafeBitCast(v .== quoteLanes, to: SIMD32<Int8>.self)
                newlineAcc &-= unsafeBitCast(v .== newlineLanes, to: SIMD32<Int8>.self)
                i &+= 32
                steps &+= 1
            }
            quotes &+= Int(SIMD32<Int16>(truncatingIfNeeded: quoteAcc).wrappedSum())
            newlines &+= Int(SIMD32<Int16>(truncatingIfNeeded: newlineAcc).wrappedSum())
        }
        while i < n {
            let b = base.load(fromByteOffset: i, as: UInt8.self)
            if b == quote { quotes &+= 1 } else if b == newline { newlines &+= 1 }
            i &+= 1
        }
        return (quotes, newlines)
    }

    /// Count of zero bytes in a word, exact (no false positives from borrows).
    @inline(__always)
    static func zeroByteCount(_ x: UInt64) -> Int {
        let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F
        // High bit of each byte set iff that byte is non-zero.
        let nonZero = (((x & low7) &+ low7) | x) & 0x8080_8080_8080_8080
        return 8 - nonZero.nonzeroBitCount
    }

    /// Number of `\n` bytes in `bytes`.
    public static func countNewlines(_ bytes: UnsafeRawBufferPointer) -> Int {
        guard let base = bytes.baseAddress else { return 0 }
        var count = 0
        var i = 0
        let newlineWord: UInt64 = 0x0A0A_0A0A_0A0A_0A0A
        while i + 8 <= bytes.count {
            count &+= zeroByteCount(base.loadUnaligned(fromByteOffset: i, as: UInt64.self) ^ newlineWord)
            i &+= 8
        }
        while i < bytes.count {
            if base.load(fromByteOffset: i, as: UInt8.self) == newline { count &+= 1 }
            i &+= 1
        }
        return count
    }

    /// Offset just past the first `\n` outside quotes, scanning forward from the start
    /// with the given quote state; nil if the buffer holds no record end.
    public static func firstRecordEnd(_ bytes: UnsafeRawBufferPointer, startsInQuote: Bool) -> Int? {
        var inQuote = startsInQuote
        for i in 0 ..< bytes.count {
            let b = bytes[i]
            if b == quote { inQuote.toggle() } else if b == newline, !inQuote { return i + 1 }
        }
        return nil
    }

    /// Offset just past the last `\n` outside quotes, scanning backward from the end
    /// with the quote state that holds at the end; nil if there is none.
    /// Works because quote parity is the same read in either direction.
    public static func lastRecordEnd(_ bytes: UnsafeRawBufferPointer, endsInQuote: Bool) -> Int? {
        var inQuote = endsInQuote
        var i = bytes.count - 1
        while i >= 0 {
            let b = bytes[i]
            if b == quote { inQuote.toggle() } else if b == newline, !inQuote { return i + 1 }
            i -= 1
        }
        return nil
    }
}
