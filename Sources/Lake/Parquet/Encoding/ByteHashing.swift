#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Small, fast non-cryptographic hashing for dictionary tables.
enum ByteHashing {
    /// Finaliser of MurmurHash3: spreads every input bit over the word.
    @inline(__always)
    static func mix(_ x: UInt64) -> UInt64 {
        var h = x
        h ^= h >> 33
        h &*= 0xFF51_AFD7_ED55_8CCD
        h ^= h >> 33
        h &*= 0xC4CE_B9FE_1A85_EC53
        h ^= h >> 33
        return h
    }

    /// Hash of `count` bytes at `p`, a word at a time.
    @inline(__always)
    static func hash(_ p: UnsafeRawPointer, _ count: Int) -> UInt64 {
        var h: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: count)
        var i = 0
        while i &+ 8 <= count {
            h = (h ^ p.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
            h ^= h >> 29
            i &+= 8
        }
        if i < count {
            var tail: UInt64 = 0
            memcpy(&tail, p + i, count &- i)
            h = (h ^ tail) &* 0x9E37_79B9_7F4A_7C15
        }
        return mix(h)
    }

    /// Byte-wise unsigned comparison (Parquet's order for BYTE_ARRAY): <0, 0, >0.
    @inline(__always)
    static func compare(_ a: UnsafeRawPointer, _ aCount: Int, _ b: UnsafeRawPointer, _ bCount: Int) -> Int {
        let n = min(aCount, bCount)
        if n > 0 {
            let c = memcmp(a, b, n)
            if c != 0 { return Int(c) }
        }
        return aCount - bCount
    }
}
