import Columns
import SQLSyntax
import Workers

/// What planning one statement shares: the catalog, the parallelism to plan for, the
/// source of column ids, and the CTEs in scope.
final class PlanningContext {
    let catalog: any SQLCatalog
    let workers: Int
    private var nextID = 1
    private var cteScopes: [[String: CommonTableExpression]] = []
    /// Each CTE's plan, planned at its first reference and shared by the later ones;
    /// keyed by scope level and name.
    private var sharedCTEs: [String: (plan: SharedPlanExec, relation: RelationPlan)] = [:]
    private var tableList: [CatalogTable]?

    init(catalog: any SQLCatalog, workers: Int) {
        self.catalog = catalog
        self.workers = max(1, workers)
    }

    func newID() -> Int {
        defer { nextID += 1 }
        return nextID
    }

    func tables() throws -> [CatalogTable] {
        if let tableList { return tableList }
        let loaded = try catalog.tables()
        tableList = loaded
        return loaded
    }

    func withCTEs<T>(_ ctes: [CommonTableExpression], _ body: () throws -> T) throws -> T {
        guard !ctes.isEmpty else { return try body() }
        var level: [String: CommonTableExpression] = [:]
        cteScopes.append(level)
        let prefix = "\(cteScopes.count - 1)/"
        defer {
            cteScopes.removeLast()
            sharedCTEs = sharedCTEs.filter { !$0.key.hasPrefix(prefix) }
        }
        for cte in ctes {
            // Each CTE sees the ones before it.
            level[cte.name.name.lowercased()] = cte
            cteScopes[cteScopes.count - 1] = level
        }
        return try body()
    }

    /// CTEs whose query is being planned: inside its own definition a CTE's name means
    /// the table of that name (no recursive CTEs), so a cycle cannot recurse forever.
    private var expanding: [String] = []

    func cte(named name: String) -> CommonTableExpression? { cteReference(named: name)?.cte }

    private func cteReference(named name: String) -> (cte: CommonTableExpression, key: String)? {
        let key = name.lowercased()
        guard !expanding.contains(key) else { return nil }
        for (index, level) in cteScopes.enumerated().reversed() {
            if let found = level[key] { return (found, "\(index)/\(key)") }
        }
        return nil
    }

    /// A reference to the CTE `name`: its plan is made at the first reference and read by
    /// every later one through one `SharedPlanExec` (computed once), each reference under
    /// columns of its own (fresh ids), as two scans of one table would be.
    func sharedCTE(named name: String, plan: () throws -> RelationPlan) throws -> RelationPlan {
        guard let (_, key) = cteReference(named: name) else { return try plan() }
        let base: (plan: SharedPlanExec, relation: RelationPlan)
        if let planned = sharedCTEs[key] {
            base = planned
        } else {
            let relation = try plan()
            base = (SharedPlanExec(relation.plan), relation)
            sharedCTEs[key] = base
        }
        base.plan.addConsumer()
        let columns = base.relation.scope.columns.map { column -> ScopeColumn in
            var fresh = column
            fresh.id = newID()
            return fresh
        }
        let freshIDs = Dictionary(zip(base.relation.scope.columns.map(\.id), columns.map(\.id)), uniquingKeysWith: { first, _ in first })
        var scope = Scope(columns: columns, relations: base.relation.scope.relations)
        scope.starOrder = base.relation.scope.starOrder?.map { freshIDs[$0] ?? $0 }
        return RelationPlan(plan: PlanOperators.rename(base.plan, to: columns.map(\.physicalName)), scope: scope,
                            estimatedRows: base.relation.estimatedRows)
    }

    func expandingCTE<T>(_ name: String, _ body: () throws -> T) rethrows -> T {
        expanding.append(name.lowercased())
        defer { expanding.removeLast() }
        return try body()
    }

    /// The table a name refers to: `layer.table`, or a bare `table` that exactly one layer holds.
    func table(_ name: QualifiedName) throws -> CatalogTable {
        let written = name.parts.map(\.name).joined(separator: ".")
        let all = try tables()
        if let found = all.first(where: { $0.name.lowercased() == written.lowercased() }) { return found }
        if name.parts.count == 1 {
            let matches = all.filter { $0.shortName.lowercased() == written.lowercased() }
            if matches.count == 1 { return matches[0] }
            if matches.count > 1 {
                throw SQLError("table '\(written)' is in several layers (\(matches.map(\.name).joined(separator: ", "))); name one",
                               at: name.location)
            }
        }
        let hint = Suggestions.hint(for: written, among: all.map(\.name) + all.map(\.shortName))
        throw SQLError("unknown table '\(written)'\(hint)" + (hint.isEmpty ? " (SHOW TABLES lists them)" : ""), at: name.location)
    }
}

/// A physical plan and the scope its columns form (matched by id to `name#id` fields).
struct RelationPlan {
    var plan: any ExecutionPlan
    var scope: Scope
    /// Rows expected, when known (table statistics), to choose a join's build side.
    var estimatedRows: Int64?
}
