import Columns

/// Typed views of a `Column` for the kernels. The binder guarantees the kind, so a
/// mismatch is an internal error reported as such (never a trap).
enum ColumnAccess {
    static func int64(_ c: Column) throws -> FixedColumn<Int64> {
        switch c {
        case let .int64(v), let .decimal(v): return v
        case let .int32(v), let .date(v):
            return FixedColumn(values: ContiguousArray(v.values.lazy.map { Int64($0) }), nulls: v.nulls)
        default: throw internalError("an integer column", c)
        }
    }

    static func int32(_ c: Column) throws -> FixedColumn<Int32> {
        switch c {
        case let .int32(v), let .date(v): return v
        default: throw internalError("a 32-bit column", c)
        }
    }

    static func double(_ c: Column) throws -> FixedColumn<UInt64> {
        if case let .double(v) = c { return v }
        throw internalError("a DOUBLE column", c)
    }

    static func bool(_ c: Column) throws -> FixedColumn<UInt8> {
        if case let .bool(v) = c { return v }
        throw internalError("a BOOLEAN column", c)
    }

    static func text(_ c: Column) throws -> ByteColumn {
        if case let .text(v) = c { return v }
        throw internalError("a STRING column", c)
    }

    private static func internalError(_ expected: String, _ c: Column) -> SQLError {
        SQLError("internal error: expected \(expected), found \(c)".prefix(200).description)
    }

    static let powersOf10: [Int64] = (0 ... 18).map { n in (0 ..< n).reduce(Int64(1)) { acc, _ in acc * 10 } }

    static func pow10(_ n: Int) -> Int64? { n >= 0 && n < powersOf10.count ? powersOf10[n] : nil }

    /// `value * 10^shift` (shift may be negative: divide, rounding half away from zero,
    /// as Spark's HALF_UP does); nil on overflow.
    static func rescale(_ value: Int128, by shift: Int) -> Int128? {
        if shift == 0 { return value }
        if shift > 0 {
            var v = value
            for _ in 0 ..< shift {
                let (m, o) = v.multipliedReportingOverflow(by: 10)
                if o { return nil }
                v = m
            }
            return v
        }
        var divisor: Int128 = 1
        for _ in 0 ..< -shift {
            let (m, o) = divisor.multipliedReportingOverflow(by: 10)
            if o { return 0 }
            divisor = m
        }
        return roundedDivide(value, divisor)
    }

    /// `a / b` rounded half away from zero (b != 0).
    static func roundedDivide(_ a: Int128, _ b: Int128) -> Int128 {
        let q = a / b, r = a % b
        guard r != 0 else { return q }
        let twice = r.magnitude * 2
        if twice >= b.magnitude { return (a < 0) != (b < 0) ? q - 1 : q + 1 }
        return q
    }

    /// Whether an unscaled value fits DECIMAL(precision, _) and an Int64.
    static func fits(_ v: Int128, precision: Int) -> Int64? {
        guard let value = Int64(exactly: v) else { return nil }
        if precision < 18, let limit = pow10(precision), value.magnitude >= UInt64(limit) { return nil }
        return value
    }
}
