import Columns
import Workers

/// Window calls on top of a relation: per distinct (PARTITION BY, ORDER BY), the rows are
/// merged into one partition, sorted by the partition keys then the order keys, and
/// `WindowExec` appends the calls' columns.
enum WindowBuilder {
    static func build(_ input: RelationPlan, _ collector: WindowCollector, context: PlanningContext) throws -> RelationPlan {
        var relation = input
        var specs: [WindowSpec] = []
        for call in collector.calls where !specs.contains(call.spec) { specs.append(call.spec) }
        for spec in specs {
            let calls = collector.calls.filter { $0.spec == spec }
            let kept = relation.scope.columns
            var inputs = kept.map { ($0.reference, $0) }
            func column(for expression: BoundExpression, _ name: String) -> ScopeColumn {
                if let existing = inputs.first(where: { $0.0 == expression }) { return existing.1 }
                let column = ScopeColumn(id: context.newID(), name: name, type: expression.type, qualifiers: [])
                inputs.append((expression, column))
                return column
            }
            let partitionColumns = spec.partitionBy.map { column(for: $0, "partition") }
            let orderColumns = spec.orderBy.map { column(for: $0.expression, "order") }
            let argumentColumns = calls.map { call in call.arguments.map { column(for: $0, "arg") } }
            let projected = try PlanOperators.project(relation, inputs)
            var plan = projected.plan
            if plan.partitionCount > 1 { plan = CoalescePartitionsExec(plan) }
            let keys = partitionColumns.map { SortKey($0.physicalName) }
                + zip(orderColumns, spec.orderBy).map { SortKey($0.physicalName, descending: $1.descending, nullsFirst: $1.nullsFirst) }
            if !keys.isEmpty { plan = try SortExec(plan, keys: keys) }
            let schema = plan.schema
            func index(_ c: ScopeColumn) -> Int { schema.fields.firstIndex { $0.name == c.physicalName } ?? 0 }
            let window = WindowExec(plan, partitionKeys: partitionColumns.map(index), orderKeys: orderColumns.map(index),
                                    calls: zip(calls, argumentColumns).map { ($0, $1.map(index)) })
            let windowed = RelationPlan(plan: window, scope: Scope(columns: projected.scope.columns + calls.map(\.output), relations: []),
                                        estimatedRows: input.estimatedRows)
            let outputs = kept + calls.map(\.output)
            relation = try PlanOperators.project(windowed, outputs.map { ($0.reference, $0) }, relations: input.scope.relations)
        }
        return relation
    }
}
