import Columns
import SQLSyntax

/// The aggregate functions this slice runs on `HashAggregateExec`.
enum AggregateKind: String, Sendable, Hashable {
    case countAll = "count(*)", count, sum, min, max
    case stddevSample = "stddev_samp", stddevPopulation = "stddev_pop", varianceSample = "var_samp", variancePopulation = "var_pop"
    /// Exact percentile with linear interpolation (Spark's `percentile`; `median` is 0.5).
    case percentile
    /// Spark's `percentile_approx`: a value of the group (the one of rank ⌈p·n⌉, at least 1),
    /// of the argument's type. Exact here, so within any accuracy Spark's sketch promises.
    case percentileApprox = "percentile_approx"

    /// Whether `HashAggregateExec` computes it over `type` (else the sorted aggregate does).
    func hashable(over type: ColumnType?) -> Bool {
        switch (self, type) {
        case (.countAll, _), (.count, _): true
        case (.sum, .int32?), (.sum, .int64?), (.sum, .decimal?): true
        case (.min, .int32?), (.min, .int64?), (.min, .date?), (.min, .decimal?),
             (.max, .int32?), (.max, .int64?), (.max, .date?), (.max, .decimal?): true
        default: false
        }
    }
}

/// One aggregate a SELECT needs: what to compute over which argument, and the column
/// of the aggregate's output that holds it.
struct AggregateCall: Sendable, Hashable {
    var kind: AggregateKind
    var argument: BoundExpression?
    var distinct: Bool
    var output: ScopeColumn
    /// percentile's fraction (0 to 1).
    var fraction: Double = 0
}

/// What the aggregate step of a SELECT computes, gathered while its expressions are
/// bound: the group keys (bound against the FROM scope) and the aggregate calls, each
/// with the output column expressions above the aggregate refer to.
final class AggregateCollector {
    var keys: [(expression: BoundExpression, column: ScopeColumn)] = []
    var calls: [AggregateCall] = []
    private let context: PlanningContext

    init(context: PlanningContext) { self.context = context }

    static let names: Set<String> = ["count", "sum", "avg", "mean", "min", "max", "stddev", "stddev_samp", "stddev_pop",
                                     "variance", "var_samp", "var_pop", "median", "percentile",
                                     "percentile_approx", "approx_percentile"]
    static let unsupported: Set<String> = ["collect_list", "collect_set", "first", "last", "any_value",
                                           "approx_count_distinct", "count_if", "bool_and", "bool_or", "every", "some", "any"]

    func addKey(_ expression: BoundExpression, name: String) -> ScopeColumn {
        if let existing = keys.first(where: { $0.expression == expression }) { return existing.column }
        let column = ScopeColumn(id: context.newID(), name: name, type: expression.type, qualifiers: [])
        keys.append((expression, column))
        return column
    }

    func key(matching expression: BoundExpression) -> ScopeColumn? {
        keys.first { $0.expression == expression }?.column
    }

    /// The output column of `kind(argument)`, registering it once.
    func call(_ kind: AggregateKind, _ argument: BoundExpression?, distinct: Bool, fraction: Double = 0,
              at location: SourceLocation) throws -> ScopeColumn {
        if let existing = calls.first(where: {
            $0.kind == kind && $0.argument == argument && $0.distinct == distinct && $0.fraction == fraction
        }) {
            return existing.output
        }
        let type: ColumnType
        switch (kind, argument?.type) {
        case (.countAll, _), (.count, _): type = .int64
        case (.sum, .int32?), (.sum, .int64?): type = .int64
        case let (.sum, .decimal(_, s)?): type = .decimal(precision: 18, scale: s)
        case (.sum, .double?): type = .double
        case (.min, _?), (.max, _?):
            type = argument?.type ?? .int64
        case (.stddevSample, .double?), (.stddevPopulation, .double?), (.varianceSample, .double?), (.variancePopulation, .double?),
             (.percentile, .double?):
            type = .double
        case (.percentileApprox, .int32?), (.percentileApprox, .int64?), (.percentileApprox, .decimal?),
             (.percentileApprox, .date?), (.percentileApprox, .double?):
            type = argument?.type ?? .double
        default:
            throw SQLError.notSupported("\(kind.rawValue) over \(argument?.type.description ?? "no argument")", at: location)
        }
        let output = ScopeColumn(id: context.newID(), name: kind.rawValue, type: type, qualifiers: [])
        calls.append(AggregateCall(kind: kind, argument: argument, distinct: distinct, output: output, fraction: fraction))
        return output
    }

    /// The scope above the aggregate: its keys and results.
    var outputScope: Scope {
        Scope(columns: keys.map(\.column) + calls.map(\.output), relations: [])
    }
}

/// Whether an expression calls an aggregate function (outside subqueries).
enum AggregateDetector {
    static func contains(_ e: Expression) -> Bool {
        switch e.kind {
        case let .function(call):
            if call.window == nil, let name = call.name.last?.name.lowercased(),
               AggregateCollector.names.contains(name) || AggregateCollector.unsupported.contains(name) {
                return true
            }
            return call.arguments.contains(where: contains)
        case .literal, .column, .star, .exists, .scalarSubquery: return false
        case let .unary(_, x), let .isNull(x, _), let .isBoolean(x, _, _), let .cast(x, _), let .tryCast(x, _),
             let .extract(_, x), let .field(x, _), let .inSubquery(x, _, _):
            return contains(x)
        case let .binary(_, l, r), let .isDistinctFrom(l, r, _), let .element(l, r), let .like(l, r, _, _, _):
            return contains(l) || contains(r)
        case let .between(x, low, high, _): return contains(x) || contains(low) || contains(high)
        case let .inList(x, list, _): return contains(x) || list.contains(where: contains)
        case let .caseWhen(c):
            return (c.operand.map(contains) ?? false) || (c.elseResult.map(contains) ?? false)
                || c.branches.contains { contains($0.condition) || contains($0.result) }
        }
    }
}
