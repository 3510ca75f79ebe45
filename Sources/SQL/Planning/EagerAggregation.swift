import Columns
import Workers

/// Aggregating before a join (eager aggregation): `SELECT p.category, sum(o.qty) FROM
/// orders o JOIN products p ON o.product = p.code GROUP BY p.category` sums the orders by
/// `o.product` first — millions of rows become one per product — and joins those partial
/// sums to the products, where the final aggregate merges them per category. Exact for
/// count, sum, min and max whatever the join's multiplicity: each row of the other side
/// that matches a key meets that key's partial once, as it met each of the key's rows.
///
/// Applied only where it surely pays and is surely right: an inner join on equalities
/// between a plain column of the large side and the small side; every aggregate over the
/// large side (count(*), count, sum, min, max; no DISTINCT); group keys over the small
/// side and the join keys; WHERE conjuncts each on one side; the large side estimated at
/// 8 times the small one or more.
enum EagerAggregation {
    struct Rewrite {
        var from: FromNode
        var predicates: [BoundExpression]
        var calls: [AggregateCall]
    }

    static func rewrite(_ from: FromNode, predicates: [BoundExpression], collector: AggregateCollector,
                        context: PlanningContext) throws -> Rewrite? {
        guard case let .join(left, right, spec) = from, spec.kind == .inner, let condition = spec.condition,
              !collector.keys.isEmpty, !collector.calls.isEmpty,
              collector.calls.allSatisfy({ !$0.distinct && [.countAll, .count, .sum, .min, .max].contains($0.kind)
                  && $0.kind.hashable(over: $0.argument?.type) }),
              let leftRows = estimate(left), let rightRows = estimate(right) else { return nil }
        let argumentIDs = Set(collector.calls.flatMap { $0.argument?.columnIDs ?? [] })
        for largeIsLeft in [true, false] {
            let (large, small) = largeIsLeft ? (left, right) : (right, left)
            let (largeRows, smallRows) = largeIsLeft ? (leftRows, rightRows) : (rightRows, leftRows)
            guard smallRows.multipliedReportingOverflow(by: 8).partialValue <= largeRows, smallRows <= 4_000_000 else { continue }
            let largeIDs = Set(large.scope.columns.map(\.id)), smallIDs = Set(small.scope.columns.map(\.id))
            guard argumentIDs.isSubset(of: largeIDs),
                  let keys = joinKeys(condition, large: large.scope, smallIDs: smallIDs) else { continue }
            let keyIDs = Set(keys.map(\.id))
            guard collector.keys.allSatisfy({ $0.expression.columnIDs.isSubset(of: smallIDs.union(keyIDs)) }) else { continue }
            var below: [BoundExpression] = [], above: [BoundExpression] = []
            var placeable = true
            for p in predicates {
                let ids = p.columnIDs
                if !ids.isEmpty, ids.isSubset(of: largeIDs) { below.append(p) }
                else if ids.isSubset(of: smallIDs.union(keyIDs)) { above.append(p) }
                else { placeable = false }
            }
            guard placeable else { continue }
            let (partial, calls) = try preAggregate(large, keys: keys, predicates: below, calls: collector.calls, context: context)
            let rewritten: FromNode = largeIsLeft ? .join(.derived(partial), small, spec) : .join(small, .derived(partial), spec)
            return Rewrite(from: rewritten, predicates: above, calls: calls)
        }
        return nil
    }

    /// The large side grouped by its join keys, one partial per aggregate call; and the
    /// calls rewritten to merge those partials (counts are summed).
    private static func preAggregate(_ large: FromNode, keys: [ScopeColumn], predicates: [BoundExpression],
                                     calls: [AggregateCall], context: PlanningContext) throws -> (RelationPlan, [AggregateCall]) {
        let used = Set(keys.map(\.id)).union(calls.flatMap { $0.argument?.columnIDs ?? [] })
        let input = try FromPlanner.build(large, predicates: predicates, used: used, context: context)
        var projection: [(BoundExpression, ScopeColumn)] = keys.map { ($0.reference, $0) }
        var argumentColumns: [BoundExpression: ScopeColumn] = [:]
        for call in calls {
            guard let argument = call.argument, argumentColumns[argument] == nil else { continue }
            let column = ScopeColumn(id: context.newID(), name: "arg", type: argument.type, qualifiers: [])
            argumentColumns[argument] = column
            projection.append((argument, column))
        }
        let projected = try PlanOperators.project(input, projection)
        var partials: [AggregateExpression] = []
        var partialColumns: [ScopeColumn] = []
        var merged: [AggregateCall] = []
        for call in calls {
            let type: ColumnType = call.kind == .count || call.kind == .countAll ? .int64 : call.output.type
            let column = ScopeColumn(id: context.newID(), name: "partial", type: type, qualifiers: [])
            let argument = call.argument.flatMap { argumentColumns[$0]?.physicalName } ?? ""
            partials.append(AggregateExpression(AggregateBuilder.function(call.kind, argument), as: column.physicalName))
            partialColumns.append(column)
            var merge = call
            merge.kind = call.kind == .count || call.kind == .countAll ? .sum : call.kind
            merge.argument = column.reference
            merged.append(merge)
        }
        let plan = try AggregateBuilder.grouped(projected.plan, keys: keys.map(\.physicalName), aggregates: partials, context: context)
        // The partials' types are the calls' own (sum of a sum keeps its type): checked, not assumed.
        for (field, column) in zip(plan.schema.fields.dropFirst(keys.count), partialColumns) where field.type != column.type {
            throw SQLError("internal: eager aggregation typed \(column.name) \(field.type), expected \(column.type)")
        }
        let scope = Scope(columns: keys + partialColumns, relations: large.scope.relations)
        return (RelationPlan(plan: plan, scope: scope, estimatedRows: nil), merged)
    }

    /// The large side's columns of an equi-join condition whose other sides are on the small
    /// side; nil unless every conjunct is such an equality.
    private static func joinKeys(_ condition: BoundExpression, large: Scope, smallIDs: Set<Int>) -> [ScopeColumn]? {
        var keys: [ScopeColumn] = []
        for conjunct in condition.conjuncts {
            guard case let .compare(.equal, a, b) = conjunct else { return nil }
            let key = [(a, b), (b, a)].lazy.compactMap { candidate, other -> ScopeColumn? in
                guard case let .column(id, _, _) = candidate, !other.columnIDs.isEmpty, other.columnIDs.isSubset(of: smallIDs) else { return nil }
                return large.columns.first { $0.id == id }
            }.first
            guard let key else { return nil }
            if !keys.contains(where: { $0.id == key.id }) { keys.append(key) }
        }
        return keys.isEmpty ? nil : keys
    }

    /// Rows a FROM item holds, as the catalog knows it (tables) or the planner guessed it.
    private static func estimate(_ node: FromNode) -> Int64? {
        switch node {
        case let .table(source): source.snapshot.numRecords
        case let .derived(relation): relation.estimatedRows
        case .join: nil
        }
    }
}
