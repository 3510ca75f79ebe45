/// The words the grammar gives a meaning. Matching is case-insensitive.
///
/// Only `isReserved` keywords are barred from naming tables, columns and aliases (write
/// them back-quoted: `` `order` ``); the rest — `date`, `year`, `version`, `rows`… —
/// stay usable as names, as in Spark, and the parser tells the uses apart by what follows.
public enum Keyword: String, Sendable, Hashable, CaseIterable {
    case all = "ALL", analyze = "ANALYZE", and = "AND", anti = "ANTI", `as` = "AS", asc = "ASC"
    case between = "BETWEEN", by = "BY"
    case `case` = "CASE", cast = "CAST", cross = "CROSS", cube = "CUBE", current = "CURRENT"
    case date = "DATE", desc = "DESC", describe = "DESCRIBE", distinct = "DISTINCT", div = "DIV"
    case `else` = "ELSE", end = "END", escape = "ESCAPE", except = "EXCEPT", exists = "EXISTS"
    case explain = "EXPLAIN", extended = "EXTENDED", extract = "EXTRACT"
    case `false` = "FALSE", filter = "FILTER", first = "FIRST", following = "FOLLOWING", `for` = "FOR"
    case formatted = "FORMATTED", from = "FROM", full = "FULL"
    case group = "GROUP", grouping = "GROUPING"
    case having = "HAVING", history = "HISTORY"
    case ignore = "IGNORE", ilike = "ILIKE", `in` = "IN", inner = "INNER", intersect = "INTERSECT"
    case interval = "INTERVAL", into = "INTO", `is` = "IS"
    case join = "JOIN"
    case last = "LAST", lateral = "LATERAL", left = "LEFT", like = "LIKE", limit = "LIMIT"
    case minus = "MINUS"
    case natural = "NATURAL", not = "NOT", null = "NULL", nulls = "NULLS"
    case of = "OF", offset = "OFFSET", on = "ON", or = "OR", order = "ORDER", outer = "OUTER", over = "OVER"
    case partition = "PARTITION", position = "POSITION", preceding = "PRECEDING"
    case qualify = "QUALIFY", query = "QUERY"
    case range = "RANGE", recursive = "RECURSIVE", regexp = "REGEXP", respect = "RESPECT", right = "RIGHT"
    case rlike = "RLIKE", rollup = "ROLLUP", row = "ROW", rows = "ROWS"
    case select = "SELECT", semi = "SEMI", sets = "SETS", show = "SHOW"
    case substr = "SUBSTR", substring = "SUBSTRING", systemTime = "SYSTEM_TIME", systemVersion = "SYSTEM_VERSION"
    case table = "TABLE", tables = "TABLES", then = "THEN", timestamp = "TIMESTAMP"
    case timestampLTZ = "TIMESTAMP_LTZ", timestampNTZ = "TIMESTAMP_NTZ", to = "TO", `true` = "TRUE"
    case tryCast = "TRY_CAST"
    case unbounded = "UNBOUNDED", union = "UNION", unknown = "UNKNOWN", using = "USING"
    case version = "VERSION"
    case when = "WHEN", `where` = "WHERE", window = "WINDOW", with = "WITH"

    /// Keywords that cannot be a bare name: they start clauses, join tables or combine
    /// expressions, so reading them as a column or alias would make the grammar ambiguous.
    public var isReserved: Bool {
        switch self {
        case .all, .and, .anti, .as, .between, .by, .case, .cast, .cross, .distinct, .div, .else, .end, .escape,
             .except, .exists, .false, .for, .from, .full, .group, .having, .ilike, .in, .inner, .intersect, .into,
             .is, .join, .lateral, .left, .like, .limit, .minus, .natural, .not, .null, .offset, .on, .or, .order,
             .outer, .over, .qualify, .regexp, .right, .rlike, .select, .semi, .then, .true, .union, .using,
             .when, .where, .window, .with:
            true
        default:
            false
        }
    }

    /// Reserved words that are also function names (`left(s, 3)`, `filter(arr, …)`): a
    /// call when a `(` follows.
    var isFunctionName: Bool {
        self == .left || self == .right || self == .filter || self == .like || self == .ilike || self == .rlike
            || self == .regexp
    }

    private static let byText: [String: Keyword] = Dictionary(
        uniqueKeysWithValues: allCases.map { ($0.rawValue, $0) })

    /// The keyword the bytes spell in any case, if any.
    static func lookup(_ word: ArraySlice<UInt8>) -> Keyword? {
        guard word.count <= 16, word.allSatisfy({ $0 < 0x80 }) else { return nil }
        return byText[String(decoding: word.map(asciiUppercase), as: UTF8.self)]
    }
}
