/// One item of a FROM clause: a table, a subquery, or a join of two of them.
public struct TableReference: Sendable, Hashable {
    public indirect enum Kind: Sendable, Hashable {
        /// `layer.table [VERSION AS OF n | TIMESTAMP AS OF ts] [[AS] alias]`.
        case table(QualifiedName, timeTravel: TimeTravel?, alias: TableAlias?)
        /// `(SELECT …) [[AS] alias [(columns)]]`.
        case subquery(Query, alias: TableAlias?)
        case join(Join)
    }

    public var kind: Kind
    @IgnoredInComparison public var location: SourceLocation
    /// Levels in this tree (see `Expression.height`).
    @IgnoredInComparison public private(set) var height: Int

    public init(_ kind: Kind, at location: SourceLocation = .unknown) {
        self.kind = kind
        self.location = location
        switch kind {
        case .table(_, .timestamp(let e)?, _): height = 1 + e.height
        case .table: height = 1
        case .subquery(let query, _): height = 1 + query.height
        case .join(let join):
            var tallest = max(join.left.height, join.right.height)
            if case .on(let condition)? = join.condition { tallest = max(tallest, condition.height) }
            height = 1 + tallest
        }
    }
}

/// `left [kind] JOIN right [ON … | USING (…)]`. Joins nest to the left:
/// `a JOIN b JOIN c` is `join(join(a, b), c)`.
public struct Join: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable {
        case inner = "JOIN"
        case left = "LEFT JOIN"
        case right = "RIGHT JOIN"
        case full = "FULL JOIN"
        case cross = "CROSS JOIN"
        case leftSemi = "LEFT SEMI JOIN"
        case leftAnti = "LEFT ANTI JOIN"
    }

    public var kind: Kind
    public var left: TableReference
    public var right: TableReference
    /// nil when none was written (`CROSS JOIN`, or `JOIN` alone, which Spark treats as cross).
    public var condition: JoinCondition?

    public init(_ kind: Kind, _ left: TableReference, _ right: TableReference, condition: JoinCondition? = nil) {
        self.kind = kind
        self.left = left
        self.right = right
        self.condition = condition
    }
}

/// How a join matches rows.
public enum JoinCondition: Sendable, Hashable {
    case on(Expression)
    case using([Identifier])
    /// `NATURAL JOIN`: on every column name the two sides share.
    case natural
}

/// `[AS] name [(col, …)]` after a table or subquery.
public struct TableAlias: Sendable, Hashable {
    public var name: Identifier
    /// Renames the columns, in order: `(SELECT 1, 2) AS t(a, b)`.
    public var columns: [Identifier]

    public init(_ name: Identifier, columns: [Identifier] = []) {
        self.name = name
        self.columns = columns
    }
}

/// Delta time travel after a table name.
public enum TimeTravel: Sendable, Hashable {
    /// `VERSION AS OF 3` (also `FOR SYSTEM_VERSION AS OF`).
    case version(Int64)
    /// `TIMESTAMP AS OF '2025-01-01 00:00:00'` (any expression; also `FOR SYSTEM_TIME AS OF`).
    case timestamp(Expression)
}
