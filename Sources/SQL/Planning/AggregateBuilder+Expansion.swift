import Columns
import Workers

extension AggregateBuilder {
    /// DISTINCT over several arguments (`count(DISTINCT a), count(DISTINCT b)`), rewritten
    /// as Spark's RewriteDistinctAggregates does. Each input row is expanded into one copy
    /// per DISTINCT argument, carrying only that argument, plus — when there are other
    /// aggregates — one marked copy carrying their arguments. Step 1 groups by the keys,
    /// every argument column and the marker: each argument's values collapse to distinct
    /// groups, and the other aggregates are computed partially (on the marked copies only,
    /// since the others hold NULL there). Step 2, left to the caller, groups by the keys.
    static func expandedDistinct(_ input: RelationPlan, _ collector: AggregateCollector, nulling: Set<Int>,
                                 context: PlanningContext) throws -> (source: any ExecutionPlan, aggregates: [AggregateExpression]) {
        let keys: [(BoundExpression, ScopeColumn)] = collector.keys.map { key in
            (nulling.contains(key.column.id) ? .literal(.null, key.column.type) : key.expression, key.column)
        }
        var distinctColumns: [(argument: BoundExpression, column: ScopeColumn)] = []
        var plainColumns: [(argument: BoundExpression, column: ScopeColumn)] = []
        for call in collector.calls {
            guard let argument = call.argument else { continue }
            if call.distinct, !distinctColumns.contains(where: { $0.argument == argument }) {
                distinctColumns.append((argument, ScopeColumn(id: context.newID(), name: "distinct", type: argument.type, qualifiers: [])))
            } else if !call.distinct, !plainColumns.contains(where: { $0.argument == argument }) {
                plainColumns.append((argument, ScopeColumn(id: context.newID(), name: "arg", type: argument.type, qualifiers: [])))
            }
        }
        let marker = ScopeColumn(id: context.newID(), name: "marker", type: .int64, qualifiers: [])
        func null(_ column: ScopeColumn) -> BoundExpression { .literal(.null, column.type) }

        var copies: [[BoundExpression]] = distinctColumns.indices.map { carried in
            keys.map(\.0)
                + distinctColumns.indices.map { $0 == carried ? distinctColumns[$0].argument : null(distinctColumns[$0].column) }
                + plainColumns.map { null($0.column) } + [null(marker)]
        }
        if collector.calls.contains(where: { !$0.distinct }) {
            copies.append(keys.map(\.0) + distinctColumns.map { null($0.column) } + plainColumns.map(\.argument)
                + [.literal(.int64(1), .int64)])
        }
        let columns = keys.map(\.1) + distinctColumns.map(\.column) + plainColumns.map(\.column) + [marker]
        let schema = Schema(columns.map(\.field))
        let compiled = try copies.map { copy in try copy.map { try CompiledExpression($0, schema: input.plan.schema) } }
        // Without group keys a DISTINCT argument's copy carries that argument alone: its
        // repeated values are dropped here, per batch, before the copies are concatenated
        // and grouped (step 1 would collapse them anyway; 5.5M order rows name 2,000 customers).
        let carried: [Int?] = copies.indices.map { k in keys.isEmpty && k < distinctColumns.count ? k : nil }
        let expanded = ProjectionExec(input.plan, schema: schema, "one copy per DISTINCT argument\(copies.count > distinctColumns.count ? " and one for the other aggregates" : "")") { batch in
            let parts = try zip(compiled, carried).map { copy, carried in
                let part = RecordBatch(schema: schema, columns: try copy.map { try $0.evaluate(batch) })
                guard let carried, case let .text(values) = part.columns[carried],
                      let distinct = DistinctValueEvaluation.codes(values) else { return part }
                return try part.gather(distinct.firsts)
            }
            return try RecordBatch.concat(parts, schema: schema)
        }

        func name(_ argument: BoundExpression?, in list: [(argument: BoundExpression, column: ScopeColumn)]) -> String {
            argument.flatMap { argument in list.first { $0.argument == argument }?.column.physicalName } ?? marker.physicalName
        }
        var partials: [AggregateExpression] = []
        var aggregates: [AggregateExpression] = []
        for call in collector.calls {
            if call.distinct {
                aggregates.append(AggregateExpression(function(call.kind, name(call.argument, in: distinctColumns)), as: call.output.physicalName))
                continue
            }
            let partial = PhysicalName.make("partial", id: context.newID())
            // count(*) counts the marked copies: count(marker).
            let kind: AggregateKind = call.kind == .countAll ? .count : call.kind
            partials.append(AggregateExpression(function(kind, name(call.argument, in: plainColumns)), as: partial))
            let merge: AggregateKind = call.kind == .count || call.kind == .countAll ? .sum : call.kind
            aggregates.append(AggregateExpression(function(merge, partial), as: call.output.physicalName))
        }
        let groupKeys = columns.map(\.physicalName)
        let source = try grouped(expanded, keys: groupKeys, aggregates: partials, context: context)
        return (source, aggregates)
    }
}
