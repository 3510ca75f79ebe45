import Columns
import Lake
import SQLSyntax

/// A FROM clause after name resolution, before physical planning: scans stay open so
/// the columns the query uses and the WHERE conjuncts can be pushed into them.
indirect enum FromNode {
    case table(TableSource)
    /// A subquery or CTE, already planned.
    case derived(RelationPlan)
    case join(FromNode, FromNode, JoinSpec)

    var scope: Scope {
        switch self {
        case let .table(source): Scope(columns: source.columns, relations: [source.table.name])
        case let .derived(relation): relation.scope
        case let .join(l, r, spec):
            Self.joined(l.scope, r.scope, usingKeys: spec.usingKeys)
        }
    }

    /// USING: `*` shows the keys first (in USING order), then each side's other columns, as
    /// Spark does; `t.*` keeps t's own order.
    private static func joined(_ l: Scope, _ r: Scope, usingKeys keys: [Int]) -> Scope {
        var merged = l.merged(with: r)
        if !keys.isEmpty || l.starOrder != nil || r.starOrder != nil {
            let order = (l.starOrder ?? l.columns.map(\.id)) + (r.starOrder ?? r.columns.map(\.id))
            merged.starOrder = keys + order.filter { !keys.contains($0) }
        }
        return merged
    }
}

/// One table read: the catalog entry, its snapshot, and a scope column per table column.
struct TableSource {
    var table: CatalogTable
    var snapshot: DeltaSnapshot
    var columns: [ScopeColumn]

    var partitionColumns: Set<String> { Set(snapshot.partitionColumns) }
}

struct JoinSpec {
    enum Kind { case inner, left, right, full, cross }
    var kind: Kind
    var condition: BoundExpression?
    var location: SourceLocation
    /// USING's visible key columns (the left side's, the right's for RIGHT JOIN).
    var usingKeys: [Int] = []
}

/// Binds FROM items: tables from the catalog, CTEs, subqueries, joins.
struct FromBinder {
    let context: PlanningContext
    let planQuery: (Query) throws -> RelationPlan

    /// Comma-separated items are cross joins (WHERE equalities turn them into inner joins).
    func bind(_ items: [TableReference]) throws -> FromNode {
        var node: FromNode?
        for item in items {
            let bound = try bind(item)
            node = node.map { .join($0, bound, JoinSpec(kind: .cross, condition: nil, location: item.location)) } ?? bound
        }
        guard let node else { return .derived(OneRow.relation(context)) }
        return node
    }

    func bind(_ reference: TableReference) throws -> FromNode {
        switch reference.kind {
        case let .table(name, timeTravel, alias):
            if timeTravel == nil, name.parts.count == 1, let cte = context.cte(named: name.parts[0].name) {
                let planned = try context.sharedCTE(named: cte.name.name) {
                    try context.expandingCTE(cte.name.name) { try planQuery(cte.query) }
                }
                return .derived(try Self.renamed(planned, as: alias?.name.name ?? cte.name.name,
                                                 columns: alias?.columns.isEmpty == false ? alias?.columns ?? [] : cte.columns,
                                                 context: context, at: reference.location))
            }
            var table = try context.table(name)
            if let timeTravel {
                table = try TimeTravelResolver.resolve(timeTravel, of: table, context: context, at: reference.location)
            }
            let snapshot: DeltaSnapshot
            do { snapshot = try table.snapshot() } catch { throw SQLError("cannot read \(table.name): \(error)", at: name.location) }
            var qualifiers = [table.shortName, table.name]
            if let alias { qualifiers = [alias.name.name] }
            if alias?.columns.isEmpty == false { throw SQLError.notSupported("column aliases on a table", at: reference.location) }
            let columns = snapshot.schema.fields.map {
                ScopeColumn(id: context.newID(), name: $0.name, type: $0.type, qualifiers: qualifiers)
            }
            return .table(TableSource(table: table, snapshot: snapshot, columns: columns))
        case let .subquery(query, alias):
            let planned = try planQuery(query)
            return .derived(try Self.renamed(planned, as: alias?.name.name, columns: alias?.columns ?? [], context: context,
                                             at: reference.location))
        case let .join(join):
            let left = try bind(join.left), right = try bind(join.right)
            let kind: JoinSpec.Kind
            switch join.kind {
            case .inner: kind = join.condition == nil ? .cross : .inner
            case .left: kind = .left
            case .right: kind = .right
            case .full: kind = .full
            case .cross: kind = .cross
            case .leftSemi, .leftAnti:
                throw SQLError.notSupported(join.kind.rawValue, at: reference.location)
            }
            var spec = JoinSpec(kind: kind, condition: nil, location: reference.location)
            var rightNode = right
            switch join.condition {
            case nil: break
            case let .on(expression)?:
                var binder = ExpressionBinder(context: context, scope: left.scope.merged(with: right.scope))
                binder.clause = "a join condition"
                spec.condition = try Coercion.condition(try binder.bind(expression), expression, expression)
            case let .using(names)?:
                var conditions: [BoundExpression] = []
                var hiddenIDs = Set<Int>()
                for name in names {
                    let qualified = QualifiedName([name])
                    let l = try left.scope.resolve(qualified), r = try right.scope.resolve(qualified)
                    guard let common = TypeRules.common(l.type, r.type) else {
                        throw SQLError("USING column '\(name.name)' is \(l.type) on the left and \(r.type) on the right", at: name.location)
                    }
                    conditions.append(.compare(.equal, try Coercion.to(l.reference, common, at: name.location),
                                               try Coercion.to(r.reference, common, at: name.location)))
                    hiddenIDs.insert(kind == .right ? l.id : r.id)
                    spec.usingKeys.append(kind == .right ? r.id : l.id)
                }
                spec.condition = BoundExpression.conjunction(conditions)
                if kind == .full { throw SQLError.notSupported("FULL JOIN … USING", at: reference.location) }
                if kind == .right {
                    return .join(Self.hiding(hiddenIDs, in: left), right, spec)
                }
                rightNode = Self.hiding(hiddenIDs, in: right)
            case .natural?:
                throw SQLError.notSupported("NATURAL JOIN", at: reference.location)
            }
            return .join(left, rightNode, spec)
        }
    }

    /// The same node with some columns hidden from bare names and `*` (USING keys).
    static func hiding(_ ids: Set<Int>, in node: FromNode) -> FromNode {
        switch node {
        case var .table(source):
            for i in source.columns.indices where ids.contains(source.columns[i].id) { source.columns[i].hidden = true }
            return .table(source)
        case var .derived(relation):
            for i in relation.scope.columns.indices where ids.contains(relation.scope.columns[i].id) {
                relation.scope.columns[i].hidden = true
            }
            return .derived(relation)
        case let .join(l, r, spec):
            return .join(hiding(ids, in: l), hiding(ids, in: r), spec)
        }
    }

    /// A planned subquery seen from outside: qualified by its alias, columns renamed.
    static func renamed(_ planned: RelationPlan, as alias: String?, columns: [Identifier], context: PlanningContext,
                        at location: SourceLocation) throws -> RelationPlan {
        var relation = planned
        if !columns.isEmpty {
            guard columns.count == relation.scope.columns.count else {
                throw SQLError("\(columns.count) column names for a subquery of \(relation.scope.columns.count) columns", at: location)
            }
            for (i, name) in columns.enumerated() { relation.scope.columns[i].name = name.name }
            let outputs = relation.scope.columns.map { column -> (BoundExpression, ScopeColumn) in
                var renamed = column
                renamed.id = context.newID()
                return (column.reference, renamed)
            }
            // Physical names follow the new names.
            relation = try PlanOperators.project(
                RelationPlan(plan: planned.plan, scope: planned.scope, estimatedRows: planned.estimatedRows), outputs)
        }
        for i in relation.scope.columns.indices { relation.scope.columns[i].qualifiers = alias.map { [$0] } ?? [] }
        relation.scope.relations = [alias ?? "a subquery"]
        return relation
    }
}
