import Columns
import SQLSyntax
import Workers

/// Plans queries: CTEs, SELECTs, parenthesized queries and set operations, with the
/// query's ORDER BY / LIMIT / OFFSET.
struct QueryPlanner {
    let context: PlanningContext

    func plan(_ query: Query) throws -> RelationPlan {
        try context.withCTEs(query.ctes) {
            let limit = try OrderAndLimit.count(query.limit, "LIMIT", context: context)
            let offset = try OrderAndLimit.count(query.offset, "OFFSET", context: context) ?? 0
            if case let .select(select) = query.body.kind {
                return try selectPlanner.plan(select, orderBy: query.orderBy, limit: limit, offset: offset, at: query.body.location)
            }
            let body = try planBody(query.body)
            return try orderOutput(body, query.orderBy, limit: limit, offset: offset)
        }
    }

    private var selectPlanner: SelectPlanner {
        SelectPlanner(context: context, planQuery: { try QueryPlanner(context: context).plan($0) })
    }

    private func planBody(_ body: QueryBody) throws -> RelationPlan {
        switch body.kind {
        case let .select(select): return try selectPlanner.plan(select, orderBy: [], limit: nil, offset: 0, at: body.location)
        case let .nested(query): return try plan(query)
        case let .setOperation(operation): return try setOperation(operation, at: body.location)
        }
    }

    /// UNION ALL concatenates; UNION also removes duplicate rows. INTERSECT and EXCEPT tag
    /// each side's rows, group by every column and keep the groups both sides (or only the
    /// left) have. Columns match by position, take the left side's names, and a common type
    /// per column.
    private func setOperation(_ operation: SetOperation, at location: SourceLocation) throws -> RelationPlan {
        if operation.op != .union, operation.isAll {
            throw SQLError.notSupported("\(operation.op.rawValue) ALL", at: location)
        }
        let left = try planBody(operation.left), right = try planBody(operation.right)
        let l = left.scope.columns, r = right.scope.columns
        guard l.count == r.count else {
            throw SQLError("UNION needs the same number of columns on both sides (\(l.count) and \(r.count))", at: location)
        }
        var leftOutputs: [(BoundExpression, ScopeColumn)] = [], rightOutputs: [(BoundExpression, ScopeColumn)] = []
        for (i, (a, b)) in zip(l, r).enumerated() {
            // A bare NULL (typed STRING) takes the other side's type, as in Spark.
            let leftNull = Self.isNullLiteral(operation.left, column: i), rightNull = Self.isNullLiteral(operation.right, column: i)
            guard let type = rightNull ? a.type : leftNull ? b.type : TypeRules.common(a.type, b.type) else {
                throw SQLError("UNION column '\(a.name)' is \(a.type) on the left and \(b.type) on the right", at: location)
            }
            let column = ScopeColumn(id: context.newID(), name: a.name, type: type, qualifiers: [])
            leftOutputs.append((try Coercion.to(a.reference, type, at: location), column))
            var rightColumn = column
            rightColumn.id = context.newID()
            rightOutputs.append((try Coercion.to(b.reference, type, at: location), rightColumn))
        }
        if operation.op != .union {
            return try intersectOrExcept(operation.op, leftOutputs, rightOutputs, left, right)
        }
        let lp = try PlanOperators.project(left, leftOutputs), rp = try PlanOperators.project(right, rightOutputs)
        let union = try UnionExec([lp.plan, rp.plan])
        var relation = RelationPlan(plan: union, scope: lp.scope, estimatedRows: nil)
        if !operation.isAll { relation = try DistinctRows.apply(relation, context: context) }
        return relation
    }

    /// Whether column `i` of a set operation's side is a bare NULL in every row it gives.
    private static func isNullLiteral(_ body: QueryBody, column i: Int) -> Bool {
        switch body.kind {
        case let .select(select):
            guard select.items.indices.contains(i), !select.items.contains(where: {
                if case .star = $0.expression.kind { true } else { false }
            }) else { return false }
            if case .literal(.null) = select.items[i].expression.kind { return true }
            return false
        case let .nested(query): return query.ctes.isEmpty && isNullLiteral(query.body, column: i)
        case let .setOperation(operation):
            return isNullLiteral(operation.left, column: i) && isNullLiteral(operation.right, column: i)
        }
    }

    private func intersectOrExcept(_ op: SetOperation.Operator, _ leftOutputs: [(BoundExpression, ScopeColumn)],
                                   _ rightOutputs: [(BoundExpression, ScopeColumn)], _ left: RelationPlan,
                                   _ right: RelationPlan) throws -> RelationPlan {
        let inLeft = ScopeColumn(id: context.newID(), name: "in_left", type: .int32, qualifiers: [])
        let inRight = ScopeColumn(id: context.newID(), name: "in_right", type: .int32, qualifiers: [])
        let one = BoundExpression.literal(.int32(1), .int32), zero = BoundExpression.literal(.int32(0), .int32)
        var rightLeft = inLeft, rightRight = inRight
        rightLeft.id = context.newID()
        rightRight.id = context.newID()
        let lp = try PlanOperators.project(left, leftOutputs + [(one, inLeft), (zero, inRight)])
        let rp = try PlanOperators.project(right, rightOutputs + [(zero, rightLeft), (one, rightRight)])
        let union = try UnionExec([lp.plan, rp.plan])
        let data = leftOutputs.map(\.1)
        let seenLeft = ScopeColumn(id: context.newID(), name: "seen_left", type: .int32, qualifiers: [])
        let seenRight = ScopeColumn(id: context.newID(), name: "seen_right", type: .int32, qualifiers: [])
        let grouped = try AggregateBuilder.grouped(
            union, keys: data.map(\.physicalName),
            aggregates: [AggregateExpression(.max(inLeft.physicalName), as: seenLeft.physicalName),
                         AggregateExpression(.max(inRight.physicalName), as: seenRight.physicalName)],
            context: context)
        var relation = RelationPlan(plan: grouped, scope: Scope(columns: data + [seenLeft, seenRight], relations: []), estimatedRows: nil)
        let wantRight = BoundExpression.literal(.int32(op == .intersect ? 1 : 0), .int32)
        relation = try PlanOperators.filter(relation, .and(.compare(.equal, seenLeft.reference, one),
                                                             .compare(.equal, seenRight.reference, wantRight)))
        return try PlanOperators.project(relation, data.map { ($0.reference, $0) })
    }

    /// ORDER BY over a query's output: positions or output column names.
    private func orderOutput(_ relation: RelationPlan, _ orderBy: [OrderItem], limit: Int?, offset: Int) throws -> RelationPlan {
        var keys: [SortColumn] = []
        for item in orderBy {
            if let k = SelectPlanner.ordinal(item.expression) {
                guard relation.scope.columns.indices.contains(k - 1) else {
                    throw SQLError("ORDER BY position \(k) is not in the select list (1 to \(relation.scope.columns.count))",
                                   at: item.location)
                }
                keys.append(SortColumn(column: relation.scope.columns[k - 1], item))
                continue
            }
            guard case let .column(name) = item.expression.kind else {
                throw SQLError.notSupported("ORDER BY expressions over a set operation (order by output names or positions)",
                                            at: item.location)
            }
            keys.append(SortColumn(column: try relation.scope.resolve(name), item))
        }
        return try OrderAndLimit.apply(relation, order: keys, limit: limit, offset: offset)
    }
}
