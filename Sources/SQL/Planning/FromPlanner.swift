import Columns
import SQLSyntax
import Workers

/// Turns a bound FROM tree into operators, pushing WHERE conjuncts as far down as they
/// can go: to the scan whose columns they use, through the preserved side of outer joins,
/// and into inner joins as their keys (so `FROM a, b WHERE a.k = b.k` is a hash join).
enum FromPlanner {
    static func build(_ node: FromNode, predicates: [BoundExpression], used: Set<Int>,
                      context: PlanningContext) throws -> RelationPlan {
        switch node {
        case let .table(source):
            return try ScanBuilder.build(source, predicates: predicates, used: used, context: context)
        case let .derived(relation):
            guard let condition = BoundExpression.conjunction(predicates) else { return relation }
            return try PlanOperators.filter(relation, condition)
        case let .join(left, right, spec):
            let leftIDs = Set(left.scope.columns.map(\.id)), rightIDs = Set(right.scope.columns.map(\.id))
            var toLeft: [BoundExpression] = [], toRight: [BoundExpression] = [], above: [BoundExpression] = []
            var joinConditions = spec.condition?.conjuncts ?? []
            var kind = spec.kind
            for p in predicates {
                let ids = p.columnIDs
                let pushLeft = kind == .inner || kind == .cross || kind == .left
                let pushRight = kind == .inner || kind == .cross || kind == .right
                if ids.isSubset(of: leftIDs), pushLeft, !ids.isEmpty {
                    toLeft.append(p)
                } else if ids.isSubset(of: rightIDs), pushRight, !ids.isEmpty {
                    toRight.append(p)
                } else if kind == .inner || kind == .cross {
                    joinConditions.append(p)
                } else {
                    above.append(p)
                }
            }
            if kind == .cross, !joinConditions.isEmpty { kind = .inner }
            // The ON conjuncts of an inner join that touch one side filter that side first;
            // for outer joins only those on the side that may lose rows (the other's are
            // part of the match).
            var matchConditions: [BoundExpression] = []
            for c in joinConditions {
                let ids = c.columnIDs
                if ids.isSubset(of: leftIDs), !ids.isEmpty, kind == .inner || kind == .right {
                    toLeft.append(c)
                } else if ids.isSubset(of: rightIDs), !ids.isEmpty, kind == .inner || kind == .left {
                    toRight.append(c)
                } else {
                    matchConditions.append(c)
                }
            }
            let conditionIDs = Set(matchConditions.flatMap(\.columnIDs))
            let l = try build(left, predicates: toLeft, used: used.union(conditionIDs), context: context)
            let r = try build(right, predicates: toRight, used: used.union(conditionIDs), context: context)
            var joined: RelationPlan
            if kind == .full {
                // The left join, then the right rows nothing matched: each side is read twice,
                // computed once (a plan node runs once; a subquery's plan is one node).
                let (l1, l2) = Self.readTwice(l), (r1, r2) = Self.readTwice(r)
                joined = try JoinBuilder.fullJoin(l1, r1, l2, r2, conditions: matchConditions, context: context, at: spec.location)
            } else {
                joined = try JoinBuilder.join(l, r, kind: kind, conditions: matchConditions, context: context, at: spec.location,
                                              keep: used.union(above.flatMap(\.columnIDs)))
            }
            if let condition = BoundExpression.conjunction(above) { joined = try PlanOperators.filter(joined, condition) }
            return joined
        }
    }
}

extension FromPlanner {
    /// One relation for two readers: its plan runs once (`SharedPlanExec`).
    static func readTwice(_ relation: RelationPlan) -> (RelationPlan, RelationPlan) {
        var shared = relation
        shared.plan = SharedPlanExec(relation.plan).addConsumer().addConsumer()
        return (shared, shared)
    }
}

/// Hash joins on the equality conjuncts of a join condition (`a.x = b.y`), broadcasting
/// the smaller side (the right side of a LEFT JOIN, the left of a RIGHT JOIN). Other
/// conjuncts filter the result of an inner join; on an outer join they are not supported
/// yet. A join without equalities (CROSS JOIN) joins on a constant key.
enum JoinBuilder {
    /// The largest cross product (estimated from table statistics) a join without keys may make.
    static let crossJoinLimit: Int64 = 50_000_000

    /// `keep`: the columns used above the join (nil: all). The build side carries only
    /// those into the output: each carried column is gathered row by row, and a wide
    /// unused one (a join key, a 64-character code) costs as much as the join itself.
    static func join(_ left: RelationPlan, _ right: RelationPlan, kind: JoinSpec.Kind, conditions: [BoundExpression],
                     context: PlanningContext, at location: SourceLocation, keep: Set<Int>? = nil) throws -> RelationPlan {
        let leftIDs = Set(left.scope.columns.map(\.id)), rightIDs = Set(right.scope.columns.map(\.id))
        var keys: [(left: BoundExpression, right: BoundExpression)] = []
        var residual: [BoundExpression] = []
        for c in conditions {
            if case let .compare(.equal, a, b) = c {
                if !a.columnIDs.isEmpty, !b.columnIDs.isEmpty, a.columnIDs.isSubset(of: leftIDs), b.columnIDs.isSubset(of: rightIDs) {
                    keys.append((a, b)); continue
                }
                if !a.columnIDs.isEmpty, !b.columnIDs.isEmpty, a.columnIDs.isSubset(of: rightIDs), b.columnIDs.isSubset(of: leftIDs) {
                    keys.append((b, a)); continue
                }
            }
            residual.append(c)
        }
        if !residual.isEmpty, kind != .inner, kind != .cross {
            throw SQLError.notSupported("an outer join condition other than equalities between the two sides "
                + "(and conditions on the joined side alone)", at: location)
        }
        if keys.isEmpty {
            // A product this large would not fit in memory: say so rather than die.
            let (product, overflow) = (left.estimatedRows ?? 0).multipliedReportingOverflow(by: right.estimatedRows ?? 0)
            if overflow || product > crossJoinLimit {
                throw SQLError("a join without equality keys would make about \(overflow ? "too many" : String(product)) rows "
                    + "(at most \(crossJoinLimit)); join on equal columns (ON a.x = b.y) or filter the sides first", at: location)
            }
            // Cross product: every row has the key 1.
            keys = [(.literal(.int32(1), .int32), .literal(.int32(1), .int32))]
        }
        // Key columns on each side, in one type.
        var leftKeys: [(BoundExpression, ScopeColumn)] = [], rightKeys: [(BoundExpression, ScopeColumn)] = []
        for (a, b) in keys {
            guard let common = TypeRules.common(a.type, b.type) else {
                throw SQLError("join keys of types \(a.type) and \(b.type) cannot be compared", at: location)
            }
            leftKeys.append((try Coercion.to(a, common, at: location), ScopeColumn(id: context.newID(), name: "key", type: common, qualifiers: [], hidden: true)))
            rightKeys.append((try Coercion.to(b, common, at: location), ScopeColumn(id: context.newID(), name: "key", type: common, qualifiers: [], hidden: true)))
        }
        let l = try withKeys(left, leftKeys), r = try withKeys(right, rightKeys)
        // The probe side streams; the build side is collected into one hash table.
        let buildLeft: Bool
        switch kind {
        case .left: buildLeft = false
        case .right: buildLeft = true
        default: buildLeft = (left.estimatedRows ?? Int64.max / 2) < (right.estimatedRows ?? Int64.max / 2)
        }
        let (build, probe) = buildLeft ? (l, r) : (r, l)
        let (buildKeys, probeKeys) = buildLeft ? (leftKeys, rightKeys) : (rightKeys, leftKeys)
        // The key columns are compared, not carried; a residual condition's columns are.
        let needed = keep?.union(residual.flatMap(\.columnIDs))
        let carried = build.scope.columns.filter { needed?.contains($0.id) ?? true }
        let plan = try HashJoinExec(
            .broadcast, kind == .inner || kind == .cross ? .inner : .leftOuter, build: build.plan, probe: probe.plan,
            on: zip(buildKeys, probeKeys).map { ($0.1.physicalName, $1.1.physicalName) },
            buildColumns: carried.map(\.physicalName))
        var joined = RelationPlan(plan: plan, scope: left.scope.merged(with: right.scope),
                                  estimatedRows: max(left.estimatedRows ?? 0, right.estimatedRows ?? 0))
        let dropped = Set(build.scope.columns.map(\.id)).subtracting(carried.map(\.id))
        joined.scope.columns.removeAll { dropped.contains($0.id) }
        joined.scope.columns.removeAll { $0.name == "key" && $0.hidden && $0.qualifiers.isEmpty }
        if let condition = BoundExpression.conjunction(residual) { joined = try PlanOperators.filter(joined, condition) }
        return joined
    }

    /// FULL OUTER JOIN: every row of the left join, plus the right rows without a match
    /// (the right side left-joined to the left one, kept where the left's marker is NULL).
    static func fullJoin(_ left: RelationPlan, _ right: RelationPlan, _ left2: RelationPlan, _ right2: RelationPlan,
                         conditions: [BoundExpression], context: PlanningContext, at location: SourceLocation) throws -> RelationPlan {
        let leftJoin = try join(left, right, kind: .left, conditions: conditions, context: context, at: location)
        let marker = ScopeColumn(id: context.newID(), name: "matched", type: .int32, qualifiers: [], hidden: true)
        let marked = try PlanOperators.project(left2, left2.scope.columns.map { ($0.reference, $0) }
            + [(.literal(.int32(1), .int32), marker)])
        var unmatched = try join(right2, marked, kind: .left, conditions: conditions, context: context, at: location)
        unmatched = try PlanOperators.filter(unmatched, .isNull(marker.reference, negated: false))
        let columns = left.scope.columns + right.scope.columns
        let first = try PlanOperators.project(leftJoin, columns.map { ($0.reference, $0) })
        let second = try PlanOperators.project(unmatched, columns.map { ($0.reference, $0) })
        return RelationPlan(plan: try UnionExec([first.plan, second.plan]), scope: first.scope,
                            estimatedRows: max(left.estimatedRows ?? 0, right.estimatedRows ?? 0))
    }

    /// The relation with its key expressions computed into extra columns.
    private static func withKeys(_ relation: RelationPlan, _ keys: [(BoundExpression, ScopeColumn)]) throws -> RelationPlan {
        let passthrough = relation.scope.columns.map { ($0.reference, $0) }
        var result = try PlanOperators.project(relation, passthrough + keys)
        result.estimatedRows = relation.estimatedRows
        return result
    }
}
