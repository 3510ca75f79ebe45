/// A prefix operator.
public enum UnaryOperator: String, Sendable, Hashable, CaseIterable {
    /// `NOT x` (also written `!x`).
    case not = "NOT"
    /// `-x`. A minus directly before a number is part of the number instead (`-5` is the
    /// literal -5, as in Spark, so the smallest BIGINT can be written).
    case negate = "-"
    /// `+x`.
    case plus = "+"
    /// `~x`.
    case bitwiseNot = "~"
}

/// An infix operator. Spellings that mean the same are one case (`=` and `==`, `<>` and `!=`).
public enum BinaryOperator: String, Sendable, Hashable, CaseIterable {
    case or = "OR"
    case and = "AND"
    case equal = "="
    case notEqual = "<>"
    /// `<=>`: equal, and NULL <=> NULL is true.
    case nullSafeEqual = "<=>"
    case less = "<"
    case lessOrEqual = "<="
    case greater = ">"
    case greaterOrEqual = ">="
    case bitwiseOr = "|"
    case bitwiseXor = "^"
    case bitwiseAnd = "&"
    case add = "+"
    case subtract = "-"
    /// `||`: string (and array) concatenation.
    case concat = "||"
    case multiply = "*"
    case divide = "/"
    case modulo = "%"
    /// `div`: integral division.
    case integerDivide = "DIV"

    /// How tightly the operator binds (Spark's order; higher binds tighter).
    public var precedence: Precedence {
        switch self {
        case .or: .or
        case .and: .and
        case .equal, .notEqual, .nullSafeEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: .comparison
        case .bitwiseOr: .bitwiseOr
        case .bitwiseXor: .bitwiseXor
        case .bitwiseAnd: .bitwiseAnd
        case .add, .subtract, .concat: .additive
        case .multiply, .divide, .modulo, .integerDivide: .multiplicative
        }
    }
}

/// Binding strength of operators, loosest first, following Spark's grammar:
/// `OR` < `AND` < `NOT` < comparisons and the predicates (`IS`, `IN`, `LIKE`, `BETWEEN`)
/// < `|` < `^` < `&` < `+ - ||` < `* / % div` < unary `- + ~` < postfix (`::`, `[…]`, `.field`).
///
/// Spark puts `||` with `+` and `-` (one level, left to right), so `'a' || 1 + 2` is
/// `('a' || 1) + 2` here as there.
public enum Precedence: Int, Sendable, Hashable, Comparable {
    case lowest = 0
    case or
    case and
    case not
    case comparison
    case bitwiseOr
    case bitwiseXor
    case bitwiseAnd
    case additive
    case multiplicative
    case unary
    case postfix
    /// Literals, names, calls, parenthesized expressions: never need parentheses.
    case primary

    public static func < (a: Precedence, b: Precedence) -> Bool { a.rawValue < b.rawValue }

    /// The next tighter level (operands of a left-associative operator at `self`).
    var tighter: Precedence { Precedence(rawValue: rawValue + 1) ?? .primary }
}

/// `LIKE`, `ILIKE` (case-insensitive) and `RLIKE` (regular expression; `REGEXP` too).
public enum LikeOperator: String, Sendable, Hashable, CaseIterable {
    case like = "LIKE"
    case ilike = "ILIKE"
    case rlike = "RLIKE"
}
