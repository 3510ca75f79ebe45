/// Byte-level UTF-8 checks for the hot paths (every text field of every scanned row,
/// every value a Parquet STRING column stores). Pure ASCII, the common case, is
/// cleared eight bytes per step; only the bytes from the first non-ASCII one on go
/// through the decoder, which follows the well-formed sequences of the Unicode
/// standard (table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF).
public enum UTF8Validation {
    /// Whether every byte is below 0x80.
    @inlinable
    public static func isASCII(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        return isASCII(base, bytes.count)
    }

    @inlinable
    public static func isASCII(_ base: UnsafeRawPointer, _ count: Int) -> Bool {
        var i = 0
        // Four words per step, one branch: the scan runs this over whole chunks.
        while i &+ 32 <= count {
            let a = base.loadUnaligned(fromByteOffset: i, as: UInt64.self)
            let b = base.loadUnaligned(fromByteOffset: i &+ 8, as: UInt64.self)
            let c = base.loadUnaligned(fromByteOffset: i &+ 16, as: UInt64.self)
            let d = base.loadUnaligned(fromByteOffset: i &+ 24, as: UInt64.self)
            if (a | b | c | d) & 0x8080_8080_8080_8080 != 0 { return false }
            i &+= 32
        }
        while i &+ 8 <= count {
            if base.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 != 0 { return false }
            i &+= 8
        }
        while i < count {
            if base.load(fromByteOffset: i, as: UInt8.self) >= 0x80 { return false }
            i &+= 1
        }
        return true
    }

    /// Whether the bytes are well-formed UTF-8.
    @inlinable
    public static func isValid(_ base: UnsafeRawPointer, _ count: Int) -> Bool {
        firstInvalidOffset(base, count) == nil
    }

    public static func isValid(_ bytes: UnsafeRawBufferPointer) -> Bool {
        guard let base = bytes.baseAddress else { return true }
        return firstInvalidOffset(base, bytes.count) == nil
    }

    /// Offset of the first byte that does not start (or continue) a well-formed
    /// sequence, or nil when all of it is valid UTF-8.
    public static func firstInvalidOffset(_ bytes: UnsafeRawBufferPointer) -> Int? {
        guard let base = bytes.baseAddress else { return nil }
        return firstInvalidOffset(base, bytes.count)
    }

    @inlinable
    public static func firstInvalidOffset(_ base: UnsafeRawPointer, _ count: Int) -> Int? {
        var i = 0
        while i &+ 8 <= count, base.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i &+= 8 }
        while i < count, base.load(fromByteOffset: i, as: UInt8.self) < 0x80 { i &+= 1 }
        if i == count { return nil }
        return decode(base, count, from: i)
    }

    /// The general path, from the first non-ASCII byte on.
    @usableFromInline
    static func decode(_ base: UnsafeRawPointer, _ count: Int, from start: Int) -> Int? {
        var i = start
        @inline(__always) func byte(_ k: Int) -> UInt8 { base.load(fromByteOffset: k, as: UInt8.self) }
        @inline(__always) func continuation(_ k: Int) -> Bool { k < count && byte(k) & 0xC0 == 0x80 }
        while i < count {
            let lead = byte(i)
            if lead < 0x80 {
                i &+= 1
                // Back to whole words once a run of ASCII follows.
                while i &+ 8 <= count, base.loadUnaligned(fromByteOffset: i, as: UInt64.self) & 0x8080_8080_8080_8080 == 0 { i &+= 8 }
                continue
            }
            switch lead {
            case 0xC2 ... 0xDF:
                guard continuation(i &+ 1) else { return i }
                i &+= 2
            case 0xE0 ... 0xEF:
                guard i &+ 1 < count else { return i }
                let second = byte(i &+ 1)
                // E0 needs A0–BF (no overlongs), ED needs 80–9F (no surrogates).
                let low: UInt8 = lead == 0xE0 ? 0xA0 : 0x80
                let high: UInt8 = lead == 0xED ? 0x9F : 0xBF
                guard second >= low, second <= high, continuation(i &+ 2) else { return i }
                i &+= 3
            case 0xF0 ... 0xF4:
                guard i &+ 1 < count else { return i }
                let second = byte(i &+ 1)
                // F0 needs 90–BF (no overlongs), F4 needs 80–8F (at most U+10FFFF).
                let low: UInt8 = lead == 0xF0 ? 0x90 : 0x80
                let high: UInt8 = lead == 0xF4 ? 0x8F : 0xBF
                guard second >= low, second <= high, continuation(i &+ 2), continuation(i &+ 3) else { return i }
                i &+= 4
            default:
                // A stray continuation byte, C0/C1 (overlong) or F5–FF.
                return i
            }
        }
        return nil
    }
}
