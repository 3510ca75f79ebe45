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

    /// UNION ALL concatenates; UNION also removes duplicate rows. Columns match by
    /// position, take the left side's names, and a common type per column.
    private func setOperation(_ operation: SetOperation, at location: SourceLocation) throws -> RelationPlan {
        guard operation.op == .union else { throw SQLError.notSupported(operation.op.rawValue, at: location) }
        let left = try planBody(operation.left), right = try planBody(operation.right)
        let l = left.scope.columns, r = right.scope.columns
        guard l.count == r.count else {
            throw SQLError("UNION needs the same number of columns on both sides (\(l.count) and \(r.count))", at: location)
        }
        var leftOutputs: [(BoundExpression, ScopeColumn)] = [], rightOutputs: [(BoundExpression, ScopeColumn)] = []
        for (a, b) in zip(l, r) {
            guard let type = TypeRules.common(a.type, b.type) else {
                throw SQLError("UNION column '\(a.name)' is \(a.type) on the left and \(b.type) on the right", at: location)
            }
            let column = ScopeColumn(id: context.newID(), name: a.name, type: type, qualifiers: [])
            leftOutputs.append((try Coercion.to(a.reference, type, at: location), column))
            var rightColumn = column
            rightColumn.id = context.newID()
            rightOutputs.append((try Coercion.to(b.reference, type, at: location), rightColumn))
        }
        let lp = try PlanOperators.project(left, leftOutputs), rp = try PlanOperators.project(right, rightOutputs)
        let union = try UnionExec([lp.plan, rp.plan])
        var relation = RelationPlan(plan: union, scope: lp.scope, estimatedRows: nil)
        if !operation.isAll { relation = try DistinctRows.apply(relation, context: context) }
        return relation
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
