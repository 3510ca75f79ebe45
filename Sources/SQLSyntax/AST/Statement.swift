/// One statement of a script, with the stretch of text it came from.
public struct Statement: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// `SELECT …`, `WITH … SELECT …`, `(SELECT …) UNION …`.
        case query(Query)
        /// `SHOW TABLES [IN | FROM layer] [[LIKE] 'pattern']`.
        case showTables(in: QualifiedName?, pattern: String?)
        /// `DESCRIBE [TABLE] [EXTENDED] name` (also `DESC`).
        case describeTable(QualifiedName, extended: Bool)
        /// `DESCRIBE HISTORY name [LIMIT n]`: the Delta log's versions.
        case describeHistory(QualifiedName, limit: Int?)
        /// `DESCRIBE [QUERY] SELECT …`: the columns the query would return.
        case describeQuery(Query)
        /// `EXPLAIN [ANALYZE | EXTENDED | FORMATTED] query`.
        case explain(Query, ExplainMode)
    }

    public var kind: Kind
    /// From the statement's first token to the end of its last (the `;` not included):
    /// `range.offsets` slices the original text's UTF-8 bytes.
    @IgnoredInComparison public var range: SourceRange

    public init(_ kind: Kind, range: SourceRange = SourceRange(start: .unknown, end: .unknown)) {
        self.kind = kind
        self.range = range
    }

    /// Where the statement starts.
    public var location: SourceLocation { range.start }
}

/// What EXPLAIN shows.
public enum ExplainMode: String, Sendable, Hashable {
    /// The plan.
    case plan = ""
    /// Runs the query and shows the plan with rows, time and spill per operator.
    case analyze = "ANALYZE"
    case extended = "EXTENDED"
    case formatted = "FORMATTED"
}
