/// A scalar expression: a node kind, where it starts in the text, and how deep its tree is.
///
/// Parentheses are not kept: `(a + b) * c` is `multiply(add(a, b), c)`; `SQLPrinter`
/// puts back the ones the operators need.
public struct Expression: Sendable, Hashable {
    public indirect enum Kind: Sendable, Hashable {
        case literal(Literal)
        /// `col`, `t.col`, `layer.table.col` — or a struct field path (`s.field`): which
        /// parts name the table and which the column is the planner's call, as in Spark.
        ///
        /// `current_date` and `current_timestamp` written without parentheses arrive here
        /// as one-part names; Spark resolves them to a column of that name if one exists,
        /// else to the function.
        case column(QualifiedName)
        /// `*` (qualifier nil) or `t.*`: only in a select list or as a function argument
        /// (`count(*)` has one `.star(nil)` argument).
        case star(qualifier: QualifiedName?)
        case unary(UnaryOperator, Expression)
        case binary(BinaryOperator, Expression, Expression)
        /// `x IS [NOT] NULL`.
        case isNull(Expression, negated: Bool)
        /// `x IS [NOT] TRUE | FALSE | UNKNOWN` (`nil` is UNKNOWN).
        case isBoolean(Expression, Bool?, negated: Bool)
        /// `x IS [NOT] DISTINCT FROM y`.
        case isDistinctFrom(Expression, Expression, negated: Bool)
        /// `x [NOT] BETWEEN low AND high`.
        case between(Expression, low: Expression, high: Expression, negated: Bool)
        /// `x [NOT] IN (a, b, …)`.
        case inList(Expression, [Expression], negated: Bool)
        /// `x [NOT] IN (SELECT …)`.
        case inSubquery(Expression, Query, negated: Bool)
        /// `x [NOT] LIKE | ILIKE | RLIKE pattern [ESCAPE 'c']`.
        case like(Expression, pattern: Expression, LikeOperator, escape: Character?, negated: Bool)
        /// `EXISTS (SELECT …)` (`NOT EXISTS` is `.unary(.not, …)` around it).
        case exists(Query)
        /// `(SELECT …)` used as a value.
        case scalarSubquery(Query)
        case caseWhen(CaseExpression)
        /// `CAST(x AS type)` and `x::type`.
        case cast(Expression, DataTypeName)
        /// `TRY_CAST(x AS type)`: NULL instead of an error.
        case tryCast(Expression, DataTypeName)
        case function(FunctionCall)
        /// `EXTRACT(field FROM source)`.
        case extract(field: Identifier, from: Expression)
        /// `base[index]`: array element or map value.
        case element(Expression, index: Expression)
        /// `base.field` where `base` is not a plain name: `(s).a`, `f(x).a`, `arr[0].a`.
        case field(Expression, Identifier)
    }

    public var kind: Kind
    @IgnoredInComparison public var location: SourceLocation
    /// Levels in this tree, counting this node and the subqueries inside: 1 for a leaf.
    /// The parser keeps every tree it returns within `SQLParser.maximumHeight`, so
    /// recursive passes over it cannot run out of stack.
    @IgnoredInComparison public private(set) var height: Int

    public init(_ kind: Kind, at location: SourceLocation = .unknown) {
        self.kind = kind
        self.location = location
        self.height = 1 + kind.childHeight
    }
}

/// `CASE [operand] WHEN … THEN … [ELSE …] END`.
public struct CaseExpression: Sendable, Hashable {
    /// `CASE x WHEN 1 THEN …` compares `x` with each `WHEN` value; nil for `CASE WHEN cond`.
    public var operand: Expression?
    public var branches: [WhenClause]
    public var elseResult: Expression?

    public init(operand: Expression?, branches: [WhenClause], elseResult: Expression?) {
        self.operand = operand
        self.branches = branches
        self.elseResult = elseResult
    }
}

/// One `WHEN condition THEN result` of a CASE.
public struct WhenClause: Sendable, Hashable {
    public var condition: Expression
    public var result: Expression

    public init(condition: Expression, result: Expression) {
        self.condition = condition
        self.result = result
    }
}

extension Expression.Kind {
    /// The tallest direct child, subqueries included (0 for a leaf).
    var childHeight: Int {
        switch self {
        case .literal, .column, .star: 0
        case .unary(_, let e), .isNull(let e, _), .isBoolean(let e, _, _), .cast(let e, _), .tryCast(let e, _),
             .extract(_, let e), .field(let e, _):
            e.height
        case .binary(_, let l, let r), .isDistinctFrom(let l, let r, _), .element(let l, let r),
             .like(let l, let r, _, _, _):
            max(l.height, r.height)
        case .between(let e, let low, let high, _): max(e.height, low.height, high.height)
        case .inList(let e, let list, _): list.reduce(e.height) { max($0, $1.height) }
        case .inSubquery(let e, let q, _): max(e.height, q.height)
        case .exists(let q), .scalarSubquery(let q): q.height
        case .caseWhen(let c): c.height
        case .function(let f): f.height
        }
    }
}

extension CaseExpression {
    var height: Int {
        branches.reduce(max(operand?.height ?? 0, elseResult?.height ?? 0)) {
            max($0, $1.condition.height, $1.result.height)
        }
    }
}
