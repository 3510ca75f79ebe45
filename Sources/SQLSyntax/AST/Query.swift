/// A full query: `[WITH …] body [ORDER BY …] [LIMIT n] [OFFSET m]`.
///
/// ORDER BY, LIMIT and OFFSET apply to the whole body, so after a set operation they
/// order and cut its result (`SELECT … UNION SELECT … ORDER BY 1`).
public struct Query: Sendable, Hashable {
    public var ctes: [CommonTableExpression]
    public var body: QueryBody
    public var orderBy: [OrderItem]
    /// `LIMIT n`; nil when absent or `LIMIT ALL`.
    public var limit: Expression?
    public var offset: Expression?
    @IgnoredInComparison public var location: SourceLocation
    /// Levels in this tree (see `Expression.height`).
    @IgnoredInComparison public private(set) var height: Int

    public init(
        ctes: [CommonTableExpression] = [], body: QueryBody, orderBy: [OrderItem] = [],
        limit: Expression? = nil, offset: Expression? = nil, at location: SourceLocation = .unknown
    ) {
        self.ctes = ctes
        self.body = body
        self.orderBy = orderBy
        self.limit = limit
        self.offset = offset
        self.location = location
        var tallest = max(body.height, limit?.height ?? 0, offset?.height ?? 0)
        for cte in ctes { tallest = max(tallest, cte.query.height) }
        for item in orderBy { tallest = max(tallest, item.expression.height) }
        self.height = 1 + tallest
    }
}

/// `name [(col, …)] AS (query)` in a WITH clause.
public struct CommonTableExpression: Sendable, Hashable {
    public var name: Identifier
    public var columns: [Identifier]
    public var query: Query

    public init(name: Identifier, columns: [Identifier] = [], query: Query) {
        self.name = name
        self.columns = columns
        self.query = query
    }

    public var location: SourceLocation { name.location }
}

/// The body of a query: one SELECT, a set operation, or a parenthesized query.
public struct QueryBody: Sendable, Hashable {
    public indirect enum Kind: Sendable, Hashable {
        case select(Select)
        case setOperation(SetOperation)
        /// `( query )`, with its own WITH / ORDER BY / LIMIT.
        case nested(Query)
    }

    public var kind: Kind
    @IgnoredInComparison public var location: SourceLocation
    @IgnoredInComparison public private(set) var height: Int

    public init(_ kind: Kind, at location: SourceLocation = .unknown) {
        self.kind = kind
        self.location = location
        switch kind {
        case .select(let select): height = 1 + select.height
        case .setOperation(let operation): height = 1 + max(operation.left.height, operation.right.height)
        case .nested(let query): height = 1 + query.height
        }
    }
}

/// `left UNION | INTERSECT | EXCEPT [ALL | DISTINCT] right`.
public struct SetOperation: Sendable, Hashable {
    public enum Operator: String, Sendable, Hashable {
        case union = "UNION"
        case intersect = "INTERSECT"
        /// `EXCEPT`, also written `MINUS`.
        case except = "EXCEPT"
    }

    public var op: Operator
    /// `ALL` keeps duplicates; the default (and `DISTINCT`) removes them.
    public var isAll: Bool
    public var left: QueryBody
    public var right: QueryBody

    public init(_ op: Operator, isAll: Bool = false, _ left: QueryBody, _ right: QueryBody) {
        self.op = op
        self.isAll = isAll
        self.left = left
        self.right = right
    }
}

/// `SELECT [DISTINCT] items [FROM …] [WHERE …] [GROUP BY …] [HAVING …] [WINDOW …] [QUALIFY …]`.
public struct Select: Sendable, Hashable {
    public var isDistinct: Bool
    public var items: [SelectItem]
    /// Comma-separated FROM items (each may be a tree of joins); empty for `SELECT 1`.
    public var from: [TableReference]
    public var whereClause: Expression?
    public var groupBy: [GroupingElement]
    public var having: Expression?
    /// `WINDOW w AS (…)` definitions that `OVER w` refers to.
    public var windows: [NamedWindow]
    public var qualify: Expression?

    public init(
        isDistinct: Bool = false, items: [SelectItem], from: [TableReference] = [], whereClause: Expression? = nil,
        groupBy: [GroupingElement] = [], having: Expression? = nil, windows: [NamedWindow] = [],
        qualify: Expression? = nil
    ) {
        self.isDistinct = isDistinct
        self.items = items
        self.from = from
        self.whereClause = whereClause
        self.groupBy = groupBy
        self.having = having
        self.windows = windows
        self.qualify = qualify
    }

    var height: Int {
        var tallest = max(whereClause?.height ?? 0, having?.height ?? 0, qualify?.height ?? 0)
        for item in items { tallest = max(tallest, item.expression.height) }
        for table in from { tallest = max(tallest, table.height) }
        for element in groupBy { tallest = max(tallest, element.height) }
        for window in windows { tallest = max(tallest, window.window.height) }
        return tallest
    }
}

/// `expression [[AS] alias]` in a select list (also `*` and `t.*`, with no alias).
public struct SelectItem: Sendable, Hashable {
    public var expression: Expression
    public var alias: Identifier?

    public init(_ expression: Expression, alias: Identifier? = nil) {
        self.expression = expression
        self.alias = alias
    }

    public var location: SourceLocation { expression.location }
}

/// One element of GROUP BY. A bare integer literal (`GROUP BY 1`) is an ordinal: the
/// planner maps it to that select item, as Spark does.
public enum GroupingElement: Sendable, Hashable {
    case expression(Expression)
    /// `ROLLUP(a, (b, c))`: each inner array is one grouping set. `GROUP BY a, b WITH
    /// ROLLUP` arrives as `ROLLUP(a, b)`.
    case rollup([[Expression]])
    case cube([[Expression]])
    /// `GROUPING SETS ((a, b), (a), ())`.
    case groupingSets([[Expression]])

    var height: Int {
        switch self {
        case .expression(let e): e.height
        case .rollup(let sets), .cube(let sets), .groupingSets(let sets):
            sets.joined().reduce(0) { max($0, $1.height) }
        }
    }
}

/// `name AS window` in a WINDOW clause.
public struct NamedWindow: Sendable, Hashable {
    public var name: Identifier
    public var window: WindowReference

    public init(name: Identifier, window: WindowReference) {
        self.name = name
        self.window = window
    }
}
