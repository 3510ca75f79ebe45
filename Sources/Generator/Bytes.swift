import Columns
import Partition

/// Small byte-level helpers for the generator's hot paths (no String formatting there).
extension ContiguousArray<UInt8> {
    /// Appends the decimal digits of a non-negative value (negative values as 0).
    @inline(__always)
    mutating func appendDecimal(_ value: Int) {
        var v = Swift.max(0, value)
        var divisor = 1
        while divisor <= v / 10 { divisor *= 10 }
        repeat {
            append(UInt8(truncatingIfNeeded: 48 + v / divisor))
            v %= divisor
            divisor /= 10
        } while divisor > 0
    }

    /// Appends `value` zero-padded to `width` digits.
    mutating func appendPadded(_ value: Int, width: Int) {
        var s = ContiguousArray<UInt8>()
        s.appendDecimal(value)
        if s.count < width { append(contentsOf: repeatElement(UInt8(ascii: "0"), count: width - s.count)) }
        append(contentsOf: s)
    }

    mutating func append(_ text: String) { append(contentsOf: text.utf8) }
}

/// Bytes of a text.
@inline(__always)
func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

/// Mixes a seed with a stream tag and an index into an independent seed.
func mixSeed(_ seed: UInt64, _ stream: UInt64, _ index: UInt64 = 0) -> UInt64 {
    var rng = SplitMix64(seed: seed ^ (stream &* 0x9E37_79B9_7F4A_7C15) ^ (index &* 0xD1B5_4A32_D192_ED03))
    _ = rng.next()
    return rng.next()
}

extension RandomNumberGenerator {
    /// Uniform in `0 ..< n` (n > 0) by multiply-shift (tiny bias, fast, deterministic).
    @inline(__always)
    mutating func below(_ n: Int) -> Int {
        Int(truncatingIfNeeded: (UInt64(truncatingIfNeeded: n).multipliedFullWidth(by: next())).high)
    }

    /// Uniform in [0, 1) with 53 bits.
    @inline(__always)
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }

    /// True with probability `p`.
    @inline(__always)
    mutating func chance(_ p: Double) -> Bool { unit() < p }

    /// Approximately standard normal (Irwin–Hall with 12 uniforms, minus 6).
    mutating func normal() -> Double {
        var s = 0.0
        for _ in 0 ..< 12 { s += unit() }
        return s - 6
    }
}
