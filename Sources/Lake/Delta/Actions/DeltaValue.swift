import Columns

/// One typed scalar as the log records it: a partition value or a min/max statistic.
/// The cases mirror `ColumnType` and its physical storage (dates as days since
/// 1970-01-01, decimals as unscaled integers) so a column writer's values map 1:1.
public enum DeltaValue: Sendable, Hashable, CustomStringConvertible {
    case text(String)
    case int64(Int64)
    case int32(Int32)
    /// Days since 1970-01-01.
    case date(Int32)
    /// Unscaled value and scale: `.decimal(1234, scale: 2)` is 12.34.
    case decimal(Int64, scale: Int)
    case double(Double)
    case bool(Bool)

    public var description: String { partitionText }

    /// The protocol's partition-value text: numbers in decimal, dates as
    /// yyyy-MM-dd, decimals as plain digits with a point, booleans as true/false.
    public var partitionText: String {
        switch self {
        case let .text(s): s
        case let .int64(v): String(v)
        case let .int32(v): String(v)
        case let .date(days): CivilDate.isoString(days)
        case let .decimal(unscaled, scale): DecimalText.string(unscaled: unscaled, scale: scale)
        case let .double(d): d.description
        case let .bool(b): b ? "true" : "false"
        }
    }

    /// Text that does not parse as the column's type.
    public struct ParseError: Error, Equatable, Sendable {
        public var text: String
        public var type: ColumnType
    }

    /// Parses partition-value text back into a value of `type` (nil is SQL NULL).
    /// The protocol reads an empty string as null for every type.
    public static func parsePartition(_ text: String?, as type: ColumnType) throws(ParseError) -> DeltaValue? {
        guard let text, !text.isEmpty else { return nil }
        let value: DeltaValue? =
            switch type {
            case .text: .text(text)
            case .int64: Int64(text).map(DeltaValue.int64)
            case .int32: Int32(text).map(DeltaValue.int32)
            case .date: DeltaDates.parse(text).map(DeltaValue.date)
            case let .decimal(_, scale): DeltaDecimals.parse(text, scale: scale).map { .decimal($0, scale: scale) }
            case .double: Double(text).map(DeltaValue.double)
            case .bool: text == "true" ? .bool(true) : text == "false" ? .bool(false) : nil
            case .binary: nil // not a partition column type here
            }
        guard let value else { throw ParseError(text: text, type: type) }
        return value
    }

    /// The statistics JSON form: numbers (decimals too) as JSON numbers, dates as
    /// "yyyy-MM-dd", strings as strings. Non-finite doubles have no JSON form.
    public var statJSON: DeltaJSON? {
        switch self {
        case let .text(s): .string(s)
        case let .int64(v): .number(String(v))
        case let .int32(v): .number(String(v))
        case let .date(days): .string(CivilDate.isoString(days))
        case let .decimal(unscaled, scale): .number(DecimalText.string(unscaled: unscaled, scale: scale))
        case let .double(d): d.isFinite ? .number(d.description) : nil
        case let .bool(b): .bool(b)
        }
    }

    /// Reads a statistics JSON value as `type`; nil when it does not fit.
    public static func fromStat(_ json: DeltaJSON, as type: ColumnType) -> DeltaValue? {
        switch (type, json) {
        case let (.text, .string(s)): .text(s)
        case let (.int64, .number(n)): Int64(n).map(DeltaValue.int64)
        case let (.int32, .number(n)): Int32(n).map(DeltaValue.int32)
        case let (.date, .string(s)): DeltaDates.parse(s).map(DeltaValue.date)
        case let (.decimal(_, scale), .number(n)): DeltaDecimals.parse(n, scale: scale).map { .decimal($0, scale: scale) }
        case let (.double, .number(n)): Double(n).map(DeltaValue.double)
        case let (.bool, .bool(b)): .bool(b)
        default: nil
        }
    }
}

/// DATE values as the log writes them (`CivilDate` does the calendar).
enum DeltaDates {
    /// Accepts yyyy-MM-dd (optionally signed year); nil for anything else or an
    /// impossible date such as 2023-02-30.
    static func parse(_ text: String) -> Int32? {
        var parts = text.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        var negative = false
        if parts.first == "" { negative = true; parts.removeFirst() }
        // Four to six year digits: the Int32 day range spans about ±5.8 million
        // years, and the bound keeps the calendar arithmetic from overflowing.
        guard parts.count == 3, (4...7).contains(parts[0].count), let y = Int64(parts[0]), let m = Int64(parts[1]), let d = Int64(parts[2]),
              parts[1].count == 2, parts[2].count == 2, (1...12).contains(m), (1...31).contains(d)
        else { return nil }
        let year = negative ? -y : y
        let days = CivilDate.daysFromCivil(year, m, d)
        guard CivilDate.civil(fromDays: days) == (year, m, d) else { return nil }
        return Int32(exactly: days)
    }
}

/// Decimal text without floating point: the log writes 12.34, never 1.234E1.
enum DeltaDecimals {

    /// Parses plain or exponent decimal text to an unscaled integer at `scale`;
    /// nil when it has more fractional digits than the scale or overflows.
    static func parse(_ text: String, scale: Int) -> Int64? {
        var body = Substring(text)
        var exponent = 0
        if let e = body.firstIndex(where: { $0 == "e" || $0 == "E" }) {
            // Int64 holds at most 19 digits: larger exponents can only overflow,
            // and bounding them keeps the arithmetic below from trapping.
            guard let x = Int(body[body.index(after: e)...]), abs(x) <= 64 else { return nil }
            exponent = x
            body = body[..<e]
        }
        var negative = false
        if body.first == "-" { negative = true; body = body.dropFirst() }
        else if body.first == "+" { body = body.dropFirst() }
        let pieces = body.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(pieces.count), let intPart = pieces.first else { return nil }
        let fraction = pieces.count == 2 ? String(pieces[1]) : ""
        var digits = String(intPart) + fraction
        guard !digits.isEmpty, digits.allSatisfy(\.isASCII), digits.allSatisfy(\.isNumber) else { return nil }
        var fractionDigits = fraction.count - exponent
        // Trailing zeros beyond the scale carry no value (12.340 at scale 2).
        while fractionDigits > scale, digits.last == "0" { digits.removeLast(); fractionDigits -= 1 }
        guard fractionDigits <= scale else { return nil }
        if fractionDigits < scale {
            guard digits.count + (scale - fractionDigits) <= 20 else { return nil }
            digits += String(repeating: "0", count: scale - fractionDigits)
        }
        guard let magnitude = UInt64(digits) else { return nil }
        if negative {
            return magnitude <= UInt64(Int64.max) + 1 ? Int64(truncatingIfNeeded: 0 &- magnitude) : nil
        }
        return Int64(exactly: magnitude)
    }
}
