import Columns
import SQLSyntax
import Workers

/// SQL over a lake: parses a statement (`SQLSyntax`), binds it against the catalog, plans
/// it onto the Workers operators and runs it under the memory budget.
///
///     let engine = SQLEngine(lake: "/data/lake")
///     let result = try await engine.run("SELECT channel, sum(total_amount_inr) FROM gold.fact_orders_enriched GROUP BY 1")
///
/// Errors are `SQLError`s: `rendered` shows the statement line with a caret.
public struct SQLEngine: Sendable {
    public let catalog: any SQLCatalog
    public let workers: Int
    public let budget: MemoryBudget
    public let spill: SpillDirectory?

    /// `catalog` defaults to the lake's folders at their latest versions
    /// (`LakeDirectoryCatalog`); pass one with pinned versions to read a consistent run.
    public init(lake: String, catalog: (any SQLCatalog)? = nil, workers: Int = WorkerCount.active,
                budget: MemoryBudget = .unlimited(), spill: SpillDirectory? = nil) {
        self.catalog = catalog ?? LakeDirectoryCatalog(lake: lake)
        self.workers = max(1, workers)
        self.budget = budget
        self.spill = spill
    }

    /// Runs one statement.
    public func run(_ sql: String) async throws(SQLError) -> SQLResult {
        let statement: Statement
        do { statement = try SQLParser.parseStatement(sql) } catch { throw SQLError(error, source: sql) }
        return try await run(statement, source: sql)
    }

    /// Runs every statement of a script in order; the results of each.
    public func runScript(_ sql: String) async throws(SQLError) -> [SQLResult] {
        let statements: [Statement]
        do { statements = try SQLParser.parseScript(sql) } catch { throw SQLError(error, source: sql) }
        var results: [SQLResult] = []
        for statement in statements { results.append(try await run(statement, source: sql)) }
        return results
    }

    /// The physical plan of a query, not run.
    public func plan(_ sql: String) throws(SQLError) -> any ExecutionPlan {
        let query: Query
        do { query = try SQLParser.parseQuery(sql) } catch { throw SQLError(error, source: sql) }
        return try located(sql) { try planQuery(query) }
    }

    public func run(_ statement: Statement, source: String) async throws(SQLError) -> SQLResult {
        let context = PlanningContext(catalog: catalog, workers: workers)
        let expander = SubqueryExpander { query throws(SQLError) in try await run(Statement(.query(query)), source: source) }
        switch statement.kind {
        case var .query(query):
            query = try await expander.expand(query)
            let plan = try located(source) { try planQuery(query, context: context) }
            let batches: [RecordBatch]
            do {
                batches = try await PlanExecution.collect(plan, context: taskContext)
            } catch {
                throw Self.executionError(error, source: source)
            }
            return SQLResult(schema: plan.schema, batches: batches, plan: PlanNode(plan))
        case let .showTables(layer, pattern):
            return try located(source) { try CatalogStatements.showTables(in: layer, pattern: pattern, context: context) }
        case let .describeTable(name, _):
            return try located(source) { try CatalogStatements.describe(name, context: context) }
        case let .describeHistory(name, limit):
            return try located(source) { try CatalogStatements.history(name, limit: limit, context: context) }
        case var .describeQuery(query):
            query = try await expander.expand(query)
            let plan = try located(source) { try planQuery(query, context: context) }
            return SQLResult.text(["col_name", "data_type"], plan.schema.fields.map { [$0.name, CatalogStatements.sparkName($0.type)] })
        case .explain(var query, let mode):
            // Subqueries used as values run now, so the plan shows their results as constants.
            query = try await expander.expand(query)
            let plan = try located(source) { try planQuery(query, context: context) }
            if mode == .analyze {
                do { _ = try await PlanExecution.drain(plan, context: taskContext) } catch {
                    throw Self.executionError(error, source: source)
                }
                return SQLResult.text(["plan"], [[PlanText.analyzed(plan)]])
            }
            return SQLResult.text(["plan"], [[PlanText.explain(plan)]])
        }
    }

    private var taskContext: TaskContext { TaskContext(workers: workers, budget: budget, spill: spill) }

    /// The query's plan, ending in a projection to the names the user sees.
    private func planQuery(_ query: Query, context: PlanningContext? = nil) throws -> any ExecutionPlan {
        let context = context ?? PlanningContext(catalog: catalog, workers: workers)
        let relation = try QueryPlanner(context: context).plan(query)
        return PlanOperators.rename(relation.plan, to: relation.scope.columns.map(\.name))
    }

    private func located<T>(_ source: String, _ body: () throws -> T) throws(SQLError) -> T {
        do {
            return try body()
        } catch var error as SQLError {
            error.source = source
            throw error
        } catch {
            throw Self.executionError(error, source: source)
        }
    }

    private static func executionError(_ error: any Error, source: String) -> SQLError {
        if var sql = error as? SQLError {
            sql.source = source
            return sql
        }
        return SQLError("\(error)", source: source)
    }
}
