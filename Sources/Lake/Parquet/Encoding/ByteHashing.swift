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

    /// Hash of `count` bytes at `p`. Short values (the common case) take two
    /// overlapping loads and no loop; longer ones a word at a time.
    @inline(__always)
    static func hash(_ p: UnsafeRawPointer, _ count: Int) -> UInt64 {
        let seed: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(truncatingIfNeeded: count)
        var a: UInt64
        var b: UInt64
        if count >= 8 {
            if count > 16 {
                var h = seed
                var i = 0
                while i &+ 8 < count {
                    h = (h ^ p.loadUnaligned(fromByteOffset: i, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
                    h ^= h >> 29
                    i &+= 8
                }
                return mix(h ^ p.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self))
            }
            a = p.loadUnaligned(as: UInt64.self)
            b = p.loadUnaligned(fromByteOffset: count &- 8, as: UInt64.self)
        } else if count >= 4 {
            a = UInt64(p.loadUnaligned(as: UInt32.self))
            b = UInt64(p.loadUnaligned(fromByteOffset: count &- 4, as: UInt32.self))
        } else if count > 0 {
            a = UInt64(p.load(as: UInt8.self)) << 16 | UInt64(p.load(fromByteOffset: count >> 1, as: UInt8.self)) << 8
                | UInt64(p.load(fromByteOffset: count &- 1, as: UInt8.self))
            b = 0
        } else {
            a = 0
            b = 0
        }
        return mix((a ^ seed) &* 0xBF58_476D_1CE4_E5B9 ^ (b &+ seed).rotated(29))
    }

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

extension UInt64 {
    @inline(__always) func rotated(_ k: UInt64) -> UInt64 { self << k | self >> (64 &- k) }
}
