/// Shortens BYTE_ARRAY statistics the way the Parquet format allows and parquet-mr
/// and Arrow do, so that a huge value (a 10 MB field) never lands in a page header
/// or the footer, where readers cap thrift message sizes. A truncated minimum is a
/// prefix of the real one (still a lower bound); a truncated maximum is a prefix
/// whose last code point (or byte) is incremented (still an upper bound), or no
/// maximum at all when nothing can be incremented. STRING bounds stay valid UTF-8.
enum StatisticsTruncation {
    /// Parquet-mr's and arrow-rs's column index default.
    static let defaultLength = 64

    struct Bound: Equatable {
        var bytes: ContiguousArray<UInt8>
        var exact: Bool
    }

    /// A lower bound of at most `limit` bytes (`limit` ≥ 4 for STRING values).
    static func minimum(_ value: ContiguousArray<UInt8>, limit: Int, utf8: Bool) -> Bound {
        guard value.count > limit else { return Bound(bytes: value, exact: true) }
        let cut = utf8 ? codePointBoundary(value, atMost: limit) : limit
        return Bound(bytes: ContiguousArray(value[0 ..< cut]), exact: false)
    }

    /// An upper bound of about `limit` bytes, nil when the prefix cannot be incremented
    /// (only U+10FFFF code points, or only 0xFF bytes).
    static func maximum(_ value: ContiguousArray<UInt8>, limit: Int, utf8: Bool) -> Bound? {
        guard value.count > limit else { return Bound(bytes: value, exact: true) }
        if utf8 { return incrementedUTF8(value, prefix: codePointBoundary(value, atMost: limit)) }
        var bytes = ContiguousArray(value[0 ..< limit])
        while let last = bytes.last {
            if last < 0xFF {
                bytes[bytes.count - 1] = last + 1
                return Bound(bytes: bytes, exact: false)
            }
            bytes.removeLast()
        }
        return nil
    }

    /// The largest cut ≤ `limit` that does not split a code point.
    private static func codePointBoundary(_ value: ContiguousArray<UInt8>, atMost limit: Int) -> Int {
        var cut = min(limit, value.count)
        while cut > 0, cut < value.count, value[cut] & 0xC0 == 0x80 { cut -= 1 }
        return cut
    }

    /// `value[0..<prefix]` with its last incrementable code point incremented and the
    /// code points after it dropped. Any value starting with the prefix sorts below it:
    /// UTF-8 byte order is code point order.
    private static func incrementedUTF8(_ value: ContiguousArray<UInt8>, prefix: Int) -> Bound? {
        var end = prefix
        while end > 0 {
            var start = end - 1
            while start > 0, value[start] & 0xC0 == 0x80 { start -= 1 }
            if let scalar = decodeScalar(value, start, end), scalar < 0x10FFFF {
                var next = scalar + 1
                if next == 0xD800 { next = 0xE000 } // surrogates are not scalars
                var bytes = ContiguousArray(value[0 ..< start])
                encodeScalar(next, into: &bytes)
                return Bound(bytes: bytes, exact: false)
            }
            end = start
        }
        return nil
    }

    private static func decodeScalar(_ value: ContiguousArray<UInt8>, _ start: Int, _ end: Int) -> UInt32? {
        let lead = UInt32(value[start])
        let length = end - start
        switch length {
        case 1 where lead < 0x80: return lead
        case 2: return (lead & 0x1F) << 6 | UInt32(value[start + 1] & 0x3F)
        case 3: return (lead & 0x0F) << 12 | UInt32(value[start + 1] & 0x3F) << 6 | UInt32(value[start + 2] & 0x3F)
        case 4:
            return (lead & 0x07) << 18 | UInt32(value[start + 1] & 0x3F) << 12 | UInt32(value[start + 2] & 0x3F) << 6
                | UInt32(value[start + 3] & 0x3F)
        default: return nil
        }
    }

    private static func encodeScalar(_ v: UInt32, into bytes: inout ContiguousArray<UInt8>) {
        switch v {
        case 0 ..< 0x80:
            bytes.append(UInt8(v))
        case 0x80 ..< 0x800:
            bytes.append(UInt8(0xC0 | v >> 6))
            bytes.append(UInt8(0x80 | v & 0x3F))
        case 0x800 ..< 0x10000:
            bytes.append(UInt8(0xE0 | v >> 12))
            bytes.append(UInt8(0x80 | v >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | v & 0x3F))
        default:
            bytes.append(UInt8(0xF0 | v >> 18))
            bytes.append(UInt8(0x80 | v >> 12 & 0x3F))
            bytes.append(UInt8(0x80 | v >> 6 & 0x3F))
            bytes.append(UInt8(0x80 | v & 0x3F))
        }
    }

    /// Page or chunk statistics of a BYTE_ARRAY column from its exact bounds.
    static func statistics(min: ContiguousArray<UInt8>?, max: ContiguousArray<UInt8>?, nullCount: Int,
                           limit: Int, utf8: Bool) -> ParquetStatistics {
        var s = ParquetStatistics()
        s.nullCount = Int64(nullCount)
        if let min {
            let bound = minimum(min, limit: limit, utf8: utf8)
            s.minValue = bound.bytes
            s.isMinValueExact = bound.exact
        }
        if let max {
            let bound = maximum(max, limit: limit, utf8: utf8)
            s.maxValue = bound?.bytes
            s.isMaxValueExact = bound?.exact
        }
        return s
    }
}
