/// A constant written in the query.
public enum Literal: Sendable, Hashable {
    case null
    case boolean(Bool)
    /// A number, its digits kept exactly as written (no conversion to a binary value).
    case number(NumericLiteral)
    /// A string, escapes already decoded (`'it\'s'` holds `it's`).
    case string(String)
    /// `DATE '2025-01-01'`, `TIMESTAMP '…'`: the text is not checked here (the planner
    /// casts it, and reports a bad date at this literal's location).
    case typed(TypedLiteralType, String)
    /// `INTERVAL 3 MONTHS`, `INTERVAL '3' MONTH`, `INTERVAL '1 2:00' DAY TO MINUTE`.
    case interval(IntervalLiteral)
}

/// A numeric literal: its text (sign, digits, point, exponent; no type suffix) and the
/// type Spark gives it.
public struct NumericLiteral: Sendable, Hashable {
    /// What the literal's form says about its type.
    public enum Kind: Sendable, Hashable {
        /// `42`: INT, or BIGINT / DECIMAL(p, 0) when it does not fit (Spark's rule).
        case integer
        /// `42L`.
        case bigint
        /// `42S`.
        case smallint
        /// `42Y`.
        case tinyint
        /// `12.50`, `.5`, `12BD`: exact, DECIMAL(p, s) with the digits as written.
        case decimal
        /// `1e3`, `1.5D`.
        case double
        /// `1.5F`.
        case float
    }

    /// The text without suffix: `-12.50`, `1e3`, `.5`, `9223372036854775808`.
    public var text: String
    public var kind: Kind

    public init(_ text: String, _ kind: Kind) {
        self.text = text
        self.kind = kind
    }
}

/// The type keyword of a typed string literal.
public enum TypedLiteralType: String, Sendable, Hashable, CaseIterable {
    case date = "DATE"
    case timestamp = "TIMESTAMP"
    case timestampNTZ = "TIMESTAMP_NTZ"
    case timestampLTZ = "TIMESTAMP_LTZ"
}

/// An interval constant, in one of Spark's three written forms.
public enum IntervalLiteral: Sendable, Hashable {
    /// `INTERVAL 1 YEAR 2 MONTHS`, `INTERVAL '3' DAY`, `INTERVAL -1.5 SECONDS`.
    case units([IntervalComponent])
    /// `INTERVAL '1-2' YEAR TO MONTH`, `INTERVAL '1 02:03' DAY TO MINUTE`.
    case range(value: String, from: IntervalUnit, to: IntervalUnit)
    /// `INTERVAL '3 days 2 hours'`: units inside the string.
    case text(String)
}

/// One `value unit` pair of an interval. `value` is the number as written, or the
/// string's content, with a leading `-` when the value was negated (`INTERVAL -3 DAYS`).
public struct IntervalComponent: Sendable, Hashable {
    public var value: String
    public var unit: IntervalUnit

    public init(_ value: String, _ unit: IntervalUnit) {
        self.value = value
        self.unit = unit
    }
}

/// A unit of an interval literal or interval type (singular and plural spellings).
public enum IntervalUnit: String, Sendable, Hashable, CaseIterable {
    case year = "YEAR"
    case month = "MONTH"
    case week = "WEEK"
    case day = "DAY"
    case hour = "HOUR"
    case minute = "MINUTE"
    case second = "SECOND"
    case millisecond = "MILLISECOND"
    case microsecond = "MICROSECOND"
    case nanosecond = "NANOSECOND"

    /// The unit an upper-case word names, singular or plural (`DAYS`).
    init?(upperCased word: String) {
        if let unit = IntervalUnit(rawValue: word) {
            self = unit
        } else if word.hasSuffix("S"), let unit = IntervalUnit(rawValue: String(word.dropLast())) {
            self = unit
        } else {
            return nil
        }
    }

    /// Year-month units (`INTERVAL '1-2' YEAR TO MONTH`) versus day-time ones.
    var isYearMonth: Bool { self == .year || self == .month }
}
