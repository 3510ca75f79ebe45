#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Substring search in UTF-8 bytes, for LIKE '%x%', split_part and replace: `memchr` finds
/// each candidate first byte, then the rest is compared in place (values are short; a
/// valid UTF-8 needle matches only at character boundaries of a valid UTF-8 haystack).
enum ByteSearch {
    /// Offset of the first occurrence of `needle` in `haystack` at or after `from`.
    static func firstIndex(of needle: UnsafeRawBufferPointer, in haystack: UnsafeRawBufferPointer, from: Int = 0) -> Int? {
        let n = needle.count, h = haystack.count
        guard n > 0 else { return from <= h ? from : nil }
        guard let hay = haystack.baseAddress, let pin = needle.baseAddress, h - from >= n else { return nil }
        let first = Int32(pin.load(as: UInt8.self))
        var at = from
        let lastStart = h - n
        while at <= lastStart {
            guard let found = memchr(hay + at, first, lastStart - at + 1) else { return nil }
            let offset = hay.distance(to: UnsafeRawPointer(found))
            if n == 1 || memcmp(hay + offset + 1, pin + 1, n - 1) == 0 { return offset }
            at = offset + 1
        }
        return nil
    }
}
