import Columns
import Workers

/// Text to values, on the UTF-8 bytes (surrounding spaces ignored, as Spark's casts do).
enum ValueParser {
    private static func trimmed(_ bytes: UnsafeRawBufferPointer) -> Slice<UnsafeRawBufferPointer> {
        var start = bytes.startIndex, end = bytes.endIndex
        while start < end, bytes[start] == 0x20 || bytes[start] == 0x09 || bytes[start] == 0x0A || bytes[start] == 0x0D { start += 1 }
        while end > start, bytes[end - 1] == 0x20 || bytes[end - 1] == 0x09 || bytes[end - 1] == 0x0A || bytes[end - 1] == 0x0D { end -= 1 }
        return bytes[start ..< end]
    }

    /// `yyyy-M-d`, optionally followed by a time (`T…` or ` …`), which is dropped.
    static func date(_ raw: UnsafeRawBufferPointer) -> Int32? {
        let bytes = trimmed(raw)
        var parts: [Int] = [0, 0, 0]
        var part = 0, digits = 0
        for b in bytes {
            if b >= 0x30, b <= 0x39 {
                digits += 1
                guard digits <= (part == 0 ? 4 : 2) else { return nil }
                parts[part] = parts[part] * 10 + Int(b - 0x30)
            } else if b == UInt8(ascii: "-"), part < 2, digits > 0 {
                part += 1
                digits = 0
            } else if (b == UInt8(ascii: "T") || b == 0x20), part == 2, digits > 0 {
                break
            } else {
                return nil
            }
        }
        guard part == 2, digits > 0 else { return nil }
        return CivilDate.days(year: parts[0], month: parts[1], day: parts[2])
    }

    static func date(_ text: String) -> Int32? {
        var copy = text
        return copy.withUTF8 { date(UnsafeRawBufferPointer($0)) }
    }

    /// A decimal number as an unscaled integer at `scale`: rounded half up, or truncated
    /// (`truncate`, for casts to integers); nil when it is not a plain number or overflows.
    static func decimal(_ raw: UnsafeRawBufferPointer, scale: Int, truncate: Bool) -> Int64? {
        let bytes = trimmed(raw)
        var negative = false
        var index = bytes.startIndex
        if index < bytes.endIndex, bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "+") {
            negative = bytes[index] == UInt8(ascii: "-")
            index += 1
        }
        var value: Int128 = 0
        var fraction = 0, seenDigit = false, inFraction = false, roundUp = false
        while index < bytes.endIndex {
            let b = bytes[index]
            index += 1
            if b == UInt8(ascii: ".") {
                if inFraction { return nil }
                inFraction = true
                continue
            }
            guard b >= 0x30, b <= 0x39 else { return nil }
            seenDigit = true
            if inFraction {
                if fraction == scale {
                    if fraction == scale, !truncate, !roundUp, b >= 0x35 { roundUp = true }
                    fraction += 1
                    continue
                }
                if fraction > scale { continue }
                fraction += 1
            }
            let (m, o) = value.multipliedReportingOverflow(by: 10)
            guard !o, m < Int128(Int64.max) * 10 else { return nil }
            value = m + Int128(b - 0x30)
        }
        guard seenDigit else { return nil }
        if fraction < scale {
            guard let scaled = ColumnAccess.rescale(value, by: scale - fraction) else { return nil }
            value = scaled
        }
        if roundUp { value += 1 }
        if negative { value = -value }
        return Int64(exactly: value)
    }

    static func decimal(_ text: String, scale: Int) -> Int64? {
        var copy = text
        return copy.withUTF8 { decimal(UnsafeRawBufferPointer($0), scale: scale, truncate: false) }
    }
}
