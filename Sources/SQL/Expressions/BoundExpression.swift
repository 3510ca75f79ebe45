import Columns
import SQLSyntax

/// A resolved, type-checked expression: names are columns of the input (by id), every
/// operand has the type its operator needs (the binder inserted the casts), and each node
/// knows its result type. `ExpressionEvaluator` runs it over a whole batch at a time.
indirect enum BoundExpression: Sendable, Hashable {
    /// Column `id` of the scope (its physical name is `name#id`).
    case column(id: Int, name: String, type: ColumnType)
    case literal(Scalar, ColumnType)
    case cast(BoundExpression, to: ColumnType, orNull: Bool)
    case arithmetic(ArithmeticOperator, BoundExpression, BoundExpression, type: ColumnType, text: String)
    case negate(BoundExpression, text: String)
    case compare(ComparisonOperator, BoundExpression, BoundExpression)
    case and(BoundExpression, BoundExpression)
    case or(BoundExpression, BoundExpression)
    case not(BoundExpression)
    case isNull(BoundExpression, negated: Bool)
    /// `x IN (constants)`; the constants have the type of `x`.
    case inList(BoundExpression, [Scalar], negated: Bool)
    case like(BoundExpression, LikePattern, negated: Bool)
    /// The first branch whose condition is true, else `otherwise` (NULL when absent).
    case caseWhen([CaseBranch], otherwise: BoundExpression?, type: ColumnType)
    case coalesce([BoundExpression], type: ColumnType)
    case function(ScalarFunction, [BoundExpression], type: ColumnType, text: String)
    /// avg over a sum and a count column of an aggregate's output.
    case average(sum: BoundExpression, count: BoundExpression, type: ColumnType)

    var type: ColumnType {
        switch self {
        case let .column(_, _, t), let .literal(_, t), let .cast(_, t, _), let .arithmetic(_, _, _, t, _),
             let .caseWhen(_, _, t), let .coalesce(_, t), let .function(_, _, t, _), let .average(_, _, t):
            t
        case let .negate(e, _): e.type
        case .compare, .and, .or, .not, .isNull, .inList, .like: .bool
        }
    }

    var isNullLiteral: Bool { if case .literal(.null, _) = self { true } else { false } }

    /// Every column id the expression reads.
    var columnIDs: Set<Int> {
        var ids = Set<Int>()
        collectColumns(into: &ids)
        return ids
    }

    private func collectColumns(into ids: inout Set<Int>) {
        switch self {
        case let .column(id, _, _): ids.insert(id)
        case .literal: break
        case let .cast(e, _, _), let .negate(e, _), let .not(e), let .isNull(e, _), let .inList(e, _, _), let .like(e, _, _):
            e.collectColumns(into: &ids)
        case let .arithmetic(_, l, r, _, _), let .compare(_, l, r), let .and(l, r), let .or(l, r),
             let .average(l, r, _):
            l.collectColumns(into: &ids)
            r.collectColumns(into: &ids)
        case let .caseWhen(branches, otherwise, _):
            for b in branches {
                b.condition.collectColumns(into: &ids)
                b.result.collectColumns(into: &ids)
            }
            otherwise?.collectColumns(into: &ids)
        case let .coalesce(es, _), let .function(_, es, _, _):
            for e in es { e.collectColumns(into: &ids) }
        }
    }

    /// The conjuncts of an AND tree.
    var conjuncts: [BoundExpression] {
        if case let .and(l, r) = self { return l.conjuncts + r.conjuncts }
        return [self]
    }

    static func conjunction(_ parts: [BoundExpression]) -> BoundExpression? {
        guard var result = parts.first else { return nil }
        for part in parts.dropFirst() { result = .and(result, part) }
        return result
    }
}

struct CaseBranch: Sendable, Hashable {
    var condition: BoundExpression
    var result: BoundExpression
}

enum ArithmeticOperator: String, Sendable, Hashable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", modulo = "%", integerDivide = "div"
}

enum ComparisonOperator: String, Sendable, Hashable {
    case equal = "=", notEqual = "<>", less = "<", lessOrEqual = "<=", greater = ">", greaterOrEqual = ">="
    case nullSafeEqual = "<=>"

    func holds(_ order: Int) -> Bool {
        switch self {
        case .equal, .nullSafeEqual: order == 0
        case .notEqual: order != 0
        case .less: order < 0
        case .lessOrEqual: order <= 0
        case .greater: order > 0
        case .greaterOrEqual: order >= 0
        }
    }
}
