#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Equality of two byte strings, for hash-table probes: keys are mostly short (codes,
/// ids, dates as text), and a call to `memcmp` costs more than the comparison itself
/// there (it was 7-8 % of a 50,000-customer backfill). Up to 32 bytes are compared as
/// overlapping 4- or 8-byte words read straight from the buffers — every read lies
/// inside both buffers, whose lengths are checked equal first; longer keys use `memcmp`.
public enum ByteEquality {
    @inlinable @inline(__always)
    public static func equal(_ a: UnsafeRawBufferPointer, _ b: UnsafeRawBufferPointer) -> Bool {
        let n = a.count
        guard n == b.count else { return false }
        guard n > 0, let x = a.baseAddress, let y = b.baseAddress else { return true }
        switch n {
        case 17 ... 32:
            return word(x, 0) == word(y, 0) && word(x, 8) == word(y, 8)
                && word(x, n - 16) == word(y, n - 16) && word(x, n - 8) == word(y, n - 8)
        case 8 ... 16:
            return word(x, 0) == word(y, 0) && word(x, n - 8) == word(y, n - 8)
        case 4 ..< 8:
            return half(x, 0) == half(y, 0) && half(x, n - 4) == half(y, n - 4)
        case 1 ..< 4:
            for i in 0 ..< n where x.load(fromByteOffset: i, as: UInt8.self) != y.load(fromByteOffset: i, as: UInt8.self) {
                return false
            }
            return true
        default:
            return memcmp(x, y, n) == 0
        }
    }

    @usableFromInline @inline(__always)
    static func word(_ p: UnsafeRawPointer, _ offset: Int) -> UInt64 { p.loadUnaligned(fromByteOffset: offset, as: UInt64.self) }

    @usableFromInline @inline(__always)
    static func half(_ p: UnsafeRawPointer, _ offset: Int) -> UInt32 { p.loadUnaligned(fromByteOffset: offset, as: UInt32.self) }
}
