import Columns
/// Parsers from raw field bytes to typed values. They accept exactly the text forms
/// the pipeline rules name (Rules §8) and return nil for anything else, never trapping.
public enum FieldParsers {
    @inline(__always) static func digit(_ b: UInt8) -> Int64? {
        b &- 0x30 < 10 ? Int64(b &- 0x30) : nil
    }

    /// `^[+-]?\d+$` within Int64 range.
    public static func int64(_ s: UnsafeRawBufferPointer) -> Int64? {
        var i = 0
        var negative = false
        guard !s.isEmpty else { return nil }
        if s[0] == 0x2B || s[0] == 0x2D { negative = s[0] == 0x2D; i = 1 }
        guard i < s.count else { return nil }
        var value: Int64 = 0
        while i < s.count {
            guard let d = digit(s[i]) else { return nil }
            // Accumulate negatively so Int64.min parses too.
            let (m, o1) = value.multipliedReportingOverflow(by: 10)
            let (v, o2) = m.subtractingReportingOverflow(d)
            if o1 || o2 { return nil }
            value = v
            i += 1
        }
        if negative { return value }
        let (pos, o) = Int64(0).subtractingReportingOverflow(value)
        return o ? nil : pos
    }

    /// `^[+-]?\d+$` within Int32 range.
    public static func int32(_ s: UnsafeRawBufferPointer) -> Int32? {
        guard let v = int64(s), let w = Int32(exactly: v) else { return nil }
        return w
    }

    /// `^[+-]?\d+(\.\d+)?$` as an unscaled integer at `scale` decimals, rounded half-up
    /// (away from zero), within `precision` digits. nil when malformed or out of range.
    public static func decimal(_ s: UnsafeRawBufferPointer, precision: Int = 18, scale: Int = 2) -> Int64? {
        let n = s.count
        guard n > 0, precision <= 18, scale <= precision else { return nil }
        var i = 0
        let negative = s[0] == 0x2D
        if negative || s[0] == 0x2B { i = 1 }
        // Integer digits, leading zeros skipped so they do not count against precision.
        let intStart = i
        while i < n, s[i] == 0x30 { i += 1 }
        var value: Int64 = 0
        var significant = 0
        while i < n {
            let d = s[i] &- 0x30
            if d >= 10 { break }
            significant += 1
            if significant > 18 { return nil }
            value = value &* 10 &+ Int64(d)
            i += 1
        }
        guard i > intStart else { return nil }
        var fracDigits = 0
        var roundUp = false
        if i < n {
            guard s[i] == 0x2E, i + 1 < n else { return nil }
            i += 1
            while i < n {
                let d = s[i] &- 0x30
                guard d < 10 else { return nil }
                if fracDigits < scale {
                    value = value &* 10 &+ Int64(d)
                } else if fracDigits == scale {
                    roundUp = d >= 5
                }
                fracDigits += 1
                i += 1
            }
        }
        if fracDigits < scale { value = value &* powersOfTen[scale - fracDigits] }
        if roundUp { value &+= 1 }
        // Up to 18 digits in all, the wrapping arithmetic above cannot have wrapped.
        guard significant + scale <= 18 else { return nil }
        guard value < powersOfTen[precision] else { return nil }
        return negative ? -value : value
    }

    static let powersOfTen: [Int64] = {
        var p: [Int64] = [1]
        for _ in 1 ... 18 { p.append(p[p.count - 1] * 10) }
        return p
    }()

    /// `yyyy-MM-dd` (exact widths, real calendar date) as days since 1970-01-01.
    public static func isoDate(_ s: UnsafeRawBufferPointer) -> Int32? {
        guard s.count == 10, s[4] == 0x2D, s[7] == 0x2D else { return nil }
        guard let y = digits(s, 0, 4), let m = digits(s, 5, 2), let d = digits(s, 8, 2) else { return nil }
        return CivilDate.days(year: Int(y), month: Int(m), day: Int(d))
    }

    /// Exactly `count` ASCII digits at `start`.
    @inline(__always)
    public static func digits(_ s: UnsafeRawBufferPointer, _ start: Int, _ count: Int) -> Int64? {
        guard start >= 0, start + count <= s.count else { return nil }
        var v: Int64 = 0
        for i in start ..< start + count {
            guard let d = digit(s[i]) else { return nil }
            v = v * 10 + d
        }
        return v
    }
}
