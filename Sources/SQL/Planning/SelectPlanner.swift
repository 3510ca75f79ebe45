import Columns
import SQLSyntax
import Workers

/// Plans one SELECT: FROM (with WHERE pushed down), aggregation (GROUP BY keys as
/// expressions, ordinals or aliases; HAVING), the select list, DISTINCT, then ORDER BY
/// (output names, ordinals, or any expression of the FROM columns), LIMIT and OFFSET.
struct SelectPlanner {
    let context: PlanningContext
    let planQuery: (Query) throws -> RelationPlan

    /// One column of the select list: an expression, or a column `*` expanded to.
    private struct Item {
        var expression: Expression?
        var starColumn: ScopeColumn?
        var name: String
        var location: SourceLocation
    }

    func plan(_ select: Select, orderBy: [OrderItem], limit: Int?, offset: Int, at location: SourceLocation) throws -> RelationPlan {
        if !select.windows.isEmpty { throw SQLError.notSupported("WINDOW clauses", at: location) }
        if let qualify = select.qualify { throw SQLError.notSupported("QUALIFY", at: qualify.location) }
        let from = try FromBinder(context: context, planQuery: planQuery).bind(select.from)
        let scope = from.scope

        // WHERE, on the FROM columns.
        var whereBinder = ExpressionBinder(context: context, scope: scope)
        whereBinder.clause = "WHERE"
        let predicate = try select.whereClause.map { clause in
            try Coercion.condition(try whereBinder.bind(clause), clause, clause)
        }

        let items = try expand(select.items, scope: scope)
        let isAggregate = !select.groupBy.isEmpty || select.having != nil
            || select.items.contains { AggregateDetector.contains($0.expression) }
            || orderBy.contains { AggregateDetector.contains($0.expression) }

        var collector: AggregateCollector?
        var groupingSets: [Set<Int>]?
        let windows = WindowCollector(context: context)
        var outputBinder = ExpressionBinder(context: context, scope: scope)
        outputBinder.clause = "the select list"
        outputBinder.windows = windows
        if isAggregate {
            let aggregates = AggregateCollector(context: context)
            groupingSets = try bindGroupBy(select.groupBy, items: items, scope: scope, into: aggregates)
            collector = aggregates
            outputBinder.aggregates = aggregates
        }

        // The select list.
        var outputs: [(BoundExpression, ScopeColumn)] = []
        for item in items {
            let bound: BoundExpression
            if let column = item.starColumn {
                if let collector {
                    guard let key = collector.key(matching: column.reference) else {
                        throw SQLError("column '\(column.name)' (from *) must appear in GROUP BY or be inside an aggregate function",
                                       at: item.location)
                    }
                    bound = key.reference
                } else {
                    bound = column.reference
                }
            } else if let expression = item.expression {
                bound = try outputBinder.bind(expression)
            } else {
                continue
            }
            outputs.append((bound, ScopeColumn(id: context.newID(), name: item.name, type: bound.type, qualifiers: [])))
        }
        let visibleCount = outputs.count

        // HAVING, above the aggregate.
        var having: BoundExpression?
        if let clause = select.having {
            var binder = outputBinder
            binder.windows = nil
            binder.clause = "HAVING"
            for item in items { if let expression = item.expression { binder.aliases[item.name.lowercased()] = expression } }
            having = try Coercion.condition(try binder.bind(clause), clause, clause)
        }

        // ORDER BY: an output (by ordinal or name), or an expression computed as a hidden column.
        var sortColumns: [SortColumn] = []
        for item in orderBy {
            if let k = Self.ordinal(item.expression) {
                guard (1 ... visibleCount).contains(k) else {
                    throw SQLError("ORDER BY position \(k) is not in the select list (1 to \(visibleCount))", at: item.location)
                }
                sortColumns.append(SortColumn(column: outputs[k - 1].1, item))
                continue
            }
            if case let .column(name) = item.expression.kind, name.parts.count == 1 {
                let matches = outputs.prefix(visibleCount).filter { $0.1.name.lowercased() == name.parts[0].name.lowercased() }
                if let match = matches.first {
                    // Two different outputs of that name (`SELECT * FROM a JOIN b …`): Spark's ambiguity error.
                    guard matches.allSatisfy({ $0.0 == match.0 }) else {
                        throw SQLError("column '\(name)' is ambiguous in ORDER BY: the select list has \(matches.count) columns of that name",
                                       at: item.location)
                    }
                    sortColumns.append(SortColumn(column: match.1, item))
                    continue
                }
            }
            var binder = outputBinder
            binder.clause = "ORDER BY"
            let bound = try binder.bind(item.expression)
            if let match = outputs.first(where: { $0.0 == bound }) {
                sortColumns.append(SortColumn(column: match.1, item))
                continue
            }
            if select.isDistinct {
                throw SQLError("ORDER BY of a SELECT DISTINCT must use the selected columns", at: item.location)
            }
            let hidden = ScopeColumn(id: context.newID(), name: "sort", type: bound.type, qualifiers: [])
            outputs.append((bound, hidden))
            sortColumns.append(SortColumn(column: hidden, item))
        }

        // Columns the scans must read.
        var used = Set<Int>()
        for (bound, _) in outputs { used.formUnion(bound.columnIDs) }
        if let predicate { used.formUnion(predicate.columnIDs) }
        for key in collector?.keys ?? [] { used.formUnion(key.expression.columnIDs) }
        for call in collector?.calls ?? [] { used.formUnion(call.argument?.columnIDs ?? []) }
        for call in windows.calls {
            for e in call.arguments + call.spec.partitionBy + call.spec.orderBy.map(\.expression) { used.formUnion(e.columnIDs) }
        }

        var relation: RelationPlan
        if let collector, let groupingSets {
            // One aggregate per grouping set (the keys it leaves out read as NULL), concatenated.
            let allKeys = Set(collector.keys.map(\.column.id))
            var parts: [any ExecutionPlan] = []
            for set in groupingSets {
                let input = try FromPlanner.build(from, predicates: predicate?.conjuncts ?? [], used: used, context: context)
                parts.append(try AggregateBuilder.build(input, collector, nulling: allKeys.subtracting(set), context: context,
                                                        at: location).plan)
            }
            relation = RelationPlan(plan: try UnionExec(parts), scope: collector.outputScope, estimatedRows: nil)
        } else {
            if let collector, let eager = try EagerAggregation.rewrite(from, predicates: predicate?.conjuncts ?? [],
                                                                        collector: collector, context: context) {
                relation = try FromPlanner.build(eager.from, predicates: eager.predicates, used: used, context: context)
                collector.calls = eager.calls
                relation = try AggregateBuilder.build(relation, collector, context: context, at: location)
            } else {
                relation = try FromPlanner.build(from, predicates: predicate?.conjuncts ?? [], used: used, context: context)
                if let collector { relation = try AggregateBuilder.build(relation, collector, context: context, at: location) }
            }
        }
        if let having { relation = try PlanOperators.filter(relation, having) }
        if !windows.calls.isEmpty { relation = try WindowBuilder.build(relation, windows, context: context) }
        relation = try PlanOperators.project(relation, outputs, relations: [])
        if select.isDistinct { relation = try DistinctRows.apply(relation, context: context) }
        relation = try OrderAndLimit.apply(relation, order: sortColumns, limit: limit, offset: offset)
        if outputs.count > visibleCount {
            let visible = outputs.prefix(visibleCount).map { ($0.1.reference, $0.1) }
            relation = try PlanOperators.project(relation, Array(visible))
        }
        return relation
    }

    /// `*` and `t.*` expanded; names: the alias, a column's own name, or the expression's text.
    private func expand(_ items: [SelectItem], scope: Scope) throws -> [Item] {
        var result: [Item] = []
        for item in items {
            if case let .star(qualifier) = item.expression.kind {
                for column in try scope.star(qualifier, at: item.location) {
                    result.append(Item(expression: nil, starColumn: column, name: column.name, location: item.location))
                }
                continue
            }
            let name: String
            if let alias = item.alias {
                name = alias.name
            } else if case let .column(qualified) = item.expression.kind, let last = qualified.last {
                name = last.name
            } else {
                name = SQLPrinter().print(item.expression)
            }
            result.append(Item(expression: item.expression, starColumn: nil, name: name, location: item.location))
        }
        return result
    }

    /// Binds the group keys; for ROLLUP, CUBE and GROUPING SETS also returns the grouping
    /// sets (the key columns each one keeps), nil for a plain GROUP BY.
    private func bindGroupBy(_ elements: [GroupingElement], items: [Item], scope: Scope,
                             into collector: AggregateCollector) throws -> [Set<Int>]? {
        var binder = ExpressionBinder(context: context, scope: scope)
        binder.clause = "GROUP BY"
        for item in items where item.starColumn == nil {
            if let expression = item.expression, !AggregateDetector.contains(expression) {
                binder.aliases[item.name.lowercased()] = expression
            }
        }
        func key(_ expression: Expression) throws -> ScopeColumn {
            var target = expression
            var name = SQLPrinter().print(expression)
            if let k = Self.ordinal(expression) {
                guard (1 ... items.count).contains(k) else {
                    throw SQLError("GROUP BY position \(k) is not in the select list (1 to \(items.count))", at: expression.location)
                }
                let item = items[k - 1]
                if let column = item.starColumn { return collector.addKey(column.reference, name: column.name) }
                guard let itemExpression = item.expression else { throw SQLError("GROUP BY position \(k) is not valid", at: expression.location) }
                if AggregateDetector.contains(itemExpression) {
                    throw SQLError("GROUP BY position \(k) refers to an aggregate (\(item.name))", at: expression.location)
                }
                target = itemExpression
                name = item.name
            }
            if case let .column(qualified) = target.kind, let last = qualified.last { name = last.name }
            return collector.addKey(try binder.bind(target), name: name)
        }
        var always = Set<Int>()
        var sets: [Set<Int>]?
        for element in elements {
            // Each inner list of ROLLUP / CUBE / GROUPING SETS is one unit of keys.
            let units: [[Expression]]
            switch element {
            case let .expression(expression):
                always.insert(try key(expression).id)
                continue
            case let .rollup(lists), let .cube(lists), let .groupingSets(lists):
                units = lists
            }
            guard sets == nil else { throw SQLError.notSupported("several ROLLUP / CUBE / GROUPING SETS in one GROUP BY") }
            let bound = try units.map { unit in Set(try unit.map { try key($0).id }) }
            switch element {
            case .rollup:
                sets = (0 ... bound.count).reversed().map { n in bound.prefix(n).reduce(into: Set<Int>()) { $0.formUnion($1) } }
            case .cube:
                guard bound.count <= 8 else { throw SQLError.notSupported("CUBE of more than 8 expressions") }
                sets = (0 ..< (1 << bound.count)).reversed().map { mask in
                    bound.indices.filter { mask & (1 << ($0)) != 0 }.reduce(into: Set<Int>()) { $0.formUnion(bound[$1]) }
                }
            default:
                sets = bound
            }
        }
        return sets.map { $0.map { $0.union(always) } }
    }

    /// A bare integer constant in GROUP BY / ORDER BY: a 1-based position in the select list.
    static func ordinal(_ e: Expression) -> Int? {
        if case let .literal(.number(n)) = e.kind, n.kind == .integer { return Int(n.text) }
        return nil
    }
}
