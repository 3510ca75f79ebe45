import Columns

/// Spark's type rules for arithmetic and comparison, with one difference: decimals are
/// 64-bit unscaled integers here, so the largest precision is 18 (Spark's is 38). Spark's
/// rules are applied with 18 in place of 38 — e.g. DECIMAL(18,2) / DECIMAL(18,2) is
/// DECIMAL(18,6) here where Spark says DECIMAL(38,20) — and a value past 18 digits is an
/// overflow error, never a rounded or wrapped number.
enum TypeRules {
    static let maxPrecision = 18

    static func isNumeric(_ t: ColumnType) -> Bool {
        switch t {
        case .int32, .int64, .decimal, .double: true
        default: false
        }
    }

    static func isIntegral(_ t: ColumnType) -> Bool { t == .int32 || t == .int64 }

    /// The decimal an integer type widens to (INT → DECIMAL(10,0), BIGINT → DECIMAL(18,0) here).
    static func asDecimal(_ t: ColumnType) -> (p: Int, s: Int)? {
        switch t {
        case let .decimal(p, s): (p, s)
        case .int32: (10, 0)
        case .int64: (18, 0)
        default: nil
        }
    }

    /// Spark's `adjustPrecisionScale` with a maximum precision of 18: keep the integer
    /// digits, give up scale down to 6 at least.
    static func adjusted(_ p: Int, _ s: Int) -> ColumnType {
        if p <= maxPrecision { return .decimal(precision: p, scale: s) }
        let integerDigits = p - s
        let minimumScale = min(s, 6)
        let scale = max(maxPrecision - integerDigits, minimumScale)
        return .decimal(precision: maxPrecision, scale: min(scale, maxPrecision))
    }

    /// The result type of `l op r` for numeric operands, or nil when they are not numbers.
    static func arithmetic(_ op: ArithmeticOperator, _ l: ColumnType, _ r: ColumnType) -> ColumnType? {
        guard isNumeric(l), isNumeric(r) else { return nil }
        if op == .integerDivide { return .int64 }
        if l == .double || r == .double { return .double }
        if isIntegral(l), isIntegral(r) {
            // Spark: INT / INT is DOUBLE; + - * % stay integral (computed in BIGINT here).
            return op == .divide ? .double : .int64
        }
        guard let (p1, s1) = asDecimal(l), let (p2, s2) = asDecimal(r) else { return nil }
        switch op {
        case .add, .subtract:
            let s = max(s1, s2)
            return adjusted(max(p1 - s1, p2 - s2) + s + 1, s)
        case .multiply:
            return adjusted(p1 + p2 + 1, s1 + s2)
        case .divide:
            let s = max(6, s1 + p2 + 1)
            return adjusted(p1 - s1 + s2 + s, s)
        case .modulo:
            let s = max(s1, s2)
            return adjusted(min(p1 - s1, p2 - s2) + s, s)
        case .integerDivide:
            return .int64
        }
    }

    /// The type two values are compared (or unified, for CASE, COALESCE, UNION) in.
    static func common(_ a: ColumnType, _ b: ColumnType) -> ColumnType? {
        if a == b { return a }
        switch (a, b) {
        case (.binary, .text), (.text, .binary): return .binary
        case (.date, .text), (.text, .date): return .date
        default: break
        }
        if isNumeric(a), isNumeric(b) {
            if a == .double || b == .double { return .double }
            if isIntegral(a), isIntegral(b) { return .int64 }
            guard let (p1, s1) = asDecimal(a), let (p2, s2) = asDecimal(b) else { return nil }
            let s = max(s1, s2)
            return adjusted(max(p1 - s1, p2 - s2) + s, s)
        }
        // A string meets a number as that number (Spark casts the string).
        if a == .text, isNumeric(b) { return b }
        if b == .text, isNumeric(a) { return a }
        return nil
    }

    /// Spark's names in messages.
    static func name(_ t: ColumnType) -> String { t.description }
}
