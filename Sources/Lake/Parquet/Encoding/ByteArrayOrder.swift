#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The order Parquet gives BYTE_ARRAY values (unsigned bytes), for statistics bounds.
enum ByteArrayOrder {
    /// Byte-wise unsigned comparison (Parquet's order for BYTE_ARRAY): <0, 0, >0.
    /// Values up to 16 bytes compare as two big-endian words without a call.
    @inline(__always)
    static func compare(_ a: UnsafeRawPointer, _ aCount: Int, _ b: UnsafeRawPointer, _ bCount: Int) -> Int {
        let n = min(aCount, bCount)
        if n >= 8 {
            let x = UInt64(bigEndian: a.loadUnaligned(as: UInt64.self))
            let y = UInt64(bigEndian: b.loadUnaligned(as: UInt64.self))
            if x != y { return x < y ? -1 : 1 }
            if n <= 16 {
                // The window [n-8, n) covers every byte after the first 8.
                let xt = UInt64(bigEndian: a.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self))
                let yt = UInt64(bigEndian: b.loadUnaligned(fromByteOffset: n &- 8, as: UInt64.self))
                if xt != yt { return xt < yt ? -1 : 1 }
                return aCount &- bCount
            }
        }
        if n > 0 {
            let c = memcmp(a, b, n)
            if c != 0 { return Int(c) }
        }
        return aCount &- bCount
    }
}
