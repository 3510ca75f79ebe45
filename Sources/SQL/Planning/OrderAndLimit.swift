import Columns
import SQLSyntax
import Workers

/// One ORDER BY key, resolved to a column of the relation being sorted.
struct SortColumn {
    var column: ScopeColumn
    var descending: Bool
    var nullsFirst: Bool

    /// Spark's defaults: ASC with NULLS FIRST, DESC with NULLS LAST.
    init(column: ScopeColumn, _ item: OrderItem) {
        self.column = column
        descending = item.direction == .descending
        nullsFirst = item.nulls.map { $0 == .first } ?? !descending
    }
}

/// ORDER BY, LIMIT and OFFSET on top of a relation: a sort of every partition merged into
/// one (`SortExec` over `CoalescePartitionsExec`), or with a LIMIT the top-N of each
/// partition (`fetch`) merged and cut again; LIMIT alone stops each partition early.
enum OrderAndLimit {
    static func apply(_ relation: RelationPlan, order: [SortColumn], limit: Int?, offset: Int) throws -> RelationPlan {
        var plan = relation.plan
        let keep = limit.map { $0.addingReportingOverflow(offset).overflow ? Int.max : $0 + offset }
        if !order.isEmpty {
            let keys = order.map { SortKey($0.column.physicalName, descending: $0.descending, nullsFirst: $0.nullsFirst) }
            if let keep {
                if plan.partitionCount > 1 { plan = CoalescePartitionsExec(try SortExec(plan, keys: keys, fetch: keep)) }
                plan = try SortExec(plan, keys: keys, fetch: keep)
            } else {
                if plan.partitionCount > 1 { plan = CoalescePartitionsExec(plan) }
                plan = try SortExec(plan, keys: keys)
            }
        } else if let keep {
            if plan.partitionCount > 1 { plan = CoalescePartitionsExec(LimitExec(plan, fetch: keep)) }
        }
        if limit != nil || offset > 0 {
            if plan.partitionCount > 1 { plan = CoalescePartitionsExec(plan) }
            // OFFSET alone: a finite fetch all the same (LimitExec adds it to a row index).
            plan = LimitExec(plan, skip: offset, fetch: limit ?? (1 << 62))
        }
        return RelationPlan(plan: plan, scope: relation.scope, estimatedRows: relation.estimatedRows)
    }

    /// LIMIT / OFFSET values: non-negative integer constants.
    static func count(_ e: Expression?, _ what: String, context: PlanningContext) throws -> Int? {
        guard let e else { return nil }
        let bound = try ExpressionBinder(context: context, scope: .empty).bind(e)
        let folded = try Coercion.to(bound, .int64, at: e.location)
        guard case let .literal(.int64(v), _) = folded, v >= 0, let n = Int(exactly: v) else {
            throw SQLError("\(what) must be a non-negative integer constant", at: e.location)
        }
        // Past 2^62 rows nothing changes, and offset + limit + a batch stays far from overflow.
        return min(n, 1 << 62)
    }
}

/// Turns each relation into its DISTINCT rows: a group-by on every column.
enum DistinctRows {
    static func apply(_ relation: RelationPlan, context: PlanningContext) throws -> RelationPlan {
        let keys = relation.scope.columns.map(\.physicalName)
        let plan = try AggregateBuilder.grouped(relation.plan, keys: keys, aggregates: [], context: context)
        return RelationPlan(plan: plan, scope: relation.scope, estimatedRows: relation.estimatedRows)
    }
}
