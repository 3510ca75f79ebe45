/// A call: `round(x, 2)`, `count(DISTINCT id)`, `count(*)`,
/// `sum(x) FILTER (WHERE ok)`, `row_number() OVER (PARTITION BY a ORDER BY b)`.
public struct FunctionCall: Sendable, Hashable {
    /// As written (`COUNT` stays `COUNT`); may be qualified (`layer.fn`).
    public var name: QualifiedName
    /// `count(*)` has one `.star(qualifier: nil)` argument.
    public var arguments: [Expression]
    /// `count(DISTINCT x)`.
    public var isDistinct: Bool
    /// `FILTER (WHERE …)` on an aggregate.
    public var filter: Expression?
    /// `IGNORE NULLS` / `RESPECT NULLS` after the arguments.
    public var nullTreatment: NullTreatment?
    /// `OVER …`: a window function call.
    public var window: WindowReference?

    public init(
        name: QualifiedName, arguments: [Expression], isDistinct: Bool = false, filter: Expression? = nil,
        nullTreatment: NullTreatment? = nil, window: WindowReference? = nil
    ) {
        self.name = name
        self.arguments = arguments
        self.isDistinct = isDistinct
        self.filter = filter
        self.nullTreatment = nullTreatment
        self.window = window
    }

    var height: Int {
        arguments.reduce(max(filter?.height ?? 0, window?.height ?? 0)) { max($0, $1.height) }
    }
}

/// `IGNORE NULLS` or `RESPECT NULLS`.
public enum NullTreatment: String, Sendable, Hashable {
    case ignoreNulls = "IGNORE NULLS"
    case respectNulls = "RESPECT NULLS"
}

/// What follows `OVER`: a window defined in place, or the name of one from the WINDOW clause.
public enum WindowReference: Sendable, Hashable {
    case named(Identifier)
    case specification(WindowSpecification)

    var height: Int {
        switch self {
        case .named: 0
        case .specification(let spec): spec.height
        }
    }
}

/// `(PARTITION BY … ORDER BY … ROWS BETWEEN … AND …)`.
public struct WindowSpecification: Sendable, Hashable {
    public var partitionBy: [Expression]
    public var orderBy: [OrderItem]
    public var frame: WindowFrame?
    @IgnoredInComparison public var location: SourceLocation

    public init(
        partitionBy: [Expression] = [], orderBy: [OrderItem] = [], frame: WindowFrame? = nil,
        at location: SourceLocation = .unknown
    ) {
        self.partitionBy = partitionBy
        self.orderBy = orderBy
        self.frame = frame
        self.location = location
    }

    var height: Int {
        let ordered = orderBy.reduce(frame?.height ?? 0) { max($0, $1.expression.height) }
        return partitionBy.reduce(ordered) { max($0, $1.height) }
    }
}

/// `ROWS | RANGE BETWEEN start AND end`. A frame written with one bound (`ROWS 2 PRECEDING`)
/// is stored with `end` CURRENT ROW, which is what it means.
public struct WindowFrame: Sendable, Hashable {
    public enum Unit: String, Sendable, Hashable {
        case rows = "ROWS"
        case range = "RANGE"
    }

    public var unit: Unit
    public var start: FrameBound
    public var end: FrameBound
    @IgnoredInComparison public var location: SourceLocation

    public init(unit: Unit, start: FrameBound, end: FrameBound, at location: SourceLocation = .unknown) {
        self.unit = unit
        self.start = start
        self.end = end
        self.location = location
    }

    var height: Int { max(start.height, end.height) }
}

/// One end of a window frame.
public enum FrameBound: Sendable, Hashable {
    case unboundedPreceding
    case preceding(Expression)
    case currentRow
    case following(Expression)
    case unboundedFollowing

    var height: Int {
        switch self {
        case .preceding(let e), .following(let e): e.height
        default: 0
        }
    }

    /// Frame bounds in order: a frame whose start ranks after its end is empty by
    /// construction, and Spark rejects it.
    var rank: Int {
        switch self {
        case .unboundedPreceding: 0
        case .preceding: 1
        case .currentRow: 2
        case .following: 3
        case .unboundedFollowing: 4
        }
    }
}

/// `expression [ASC | DESC] [NULLS FIRST | LAST]`, in ORDER BY and window specifications.
/// Omitted parts stay nil: Spark's defaults (ASC; NULLS FIRST for ASC, LAST for DESC)
/// are the planner's to apply.
public struct OrderItem: Sendable, Hashable {
    public enum Direction: String, Sendable, Hashable {
        case ascending = "ASC"
        case descending = "DESC"
    }

    public enum NullOrder: String, Sendable, Hashable {
        case first = "NULLS FIRST"
        case last = "NULLS LAST"
    }

    public var expression: Expression
    public var direction: Direction?
    public var nulls: NullOrder?

    public init(_ expression: Expression, _ direction: Direction? = nil, nulls: NullOrder? = nil) {
        self.expression = expression
        self.direction = direction
        self.nulls = nulls
    }

    /// Where the item starts (its expression).
    public var location: SourceLocation { expression.location }
}
