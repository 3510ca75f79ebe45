import Columns
import SQLSyntax
import Workers

/// Uncorrelated subqueries used as values — `(SELECT …)`, `x IN (SELECT …)`, `EXISTS
/// (SELECT …)` — run before their statement is planned, and their results replace them as
/// constants (a list for IN, a boolean for EXISTS). A subquery sees the CTEs around it but
/// not the outer query's columns: a correlated subquery fails to bind, and says so.
struct SubqueryExpander {
    let run: (Query) async throws(SQLError) -> SQLResult

    func expand(_ query: Query, ctes outer: [CommonTableExpression] = []) async throws(SQLError) -> Query {
        var q = query
        var ctes = outer
        var expandedCTEs: [CommonTableExpression] = []
        for cte in query.ctes {
            var copy = cte
            copy.query = try await expand(cte.query, ctes: ctes)
            expandedCTEs.append(copy)
            ctes.append(copy)
        }
        q.ctes = expandedCTEs
        q.body = try await expand(query.body, ctes)
        var order: [OrderItem] = []
        for item in query.orderBy {
            var copy = item
            copy.expression = try await expand(item.expression, ctes)
            order.append(copy)
        }
        q.orderBy = order
        return q
    }

    private func expand(_ body: QueryBody, _ ctes: [CommonTableExpression]) async throws(SQLError) -> QueryBody {
        switch body.kind {
        case let .select(select):
            return QueryBody(.select(try await expand(select, ctes)), at: body.location)
        case let .nested(query):
            return QueryBody(.nested(try await expand(query, ctes: ctes)), at: body.location)
        case let .setOperation(operation):
            var copy = operation
            copy.left = try await expand(operation.left, ctes)
            copy.right = try await expand(operation.right, ctes)
            return QueryBody(.setOperation(copy), at: body.location)
        }
    }

    private func expand(_ select: Select, _ ctes: [CommonTableExpression]) async throws(SQLError) -> Select {
        var s = select
        var items: [SelectItem] = []
        for item in select.items { items.append(SelectItem(try await expand(item.expression, ctes), alias: item.alias)) }
        s.items = items
        var from: [TableReference] = []
        for table in select.from { from.append(try await expand(table, ctes)) }
        s.from = from
        if let clause = select.whereClause { s.whereClause = try await expand(clause, ctes) }
        if let clause = select.having { s.having = try await expand(clause, ctes) }
        var groups: [GroupingElement] = []
        for element in select.groupBy {
            if case let .expression(e) = element { groups.append(.expression(try await expand(e, ctes))) } else { groups.append(element) }
        }
        s.groupBy = groups
        return s
    }

    private func expand(_ table: TableReference, _ ctes: [CommonTableExpression]) async throws(SQLError) -> TableReference {
        switch table.kind {
        case .table: return table
        case let .subquery(query, alias):
            return TableReference(.subquery(try await expand(query, ctes: ctes), alias: alias), at: table.location)
        case let .join(join):
            var copy = join
            copy.left = try await expand(join.left, ctes)
            copy.right = try await expand(join.right, ctes)
            if case let .on(condition)? = join.condition { copy.condition = .on(try await expand(condition, ctes)) }
            return TableReference(.join(copy), at: table.location)
        }
    }

    private func expand(_ e: Expression, _ ctes: [CommonTableExpression]) async throws(SQLError) -> Expression {
        let at = e.location
        func x(_ child: Expression) async throws(SQLError) -> Expression { try await expand(child, ctes) }
        switch e.kind {
        case .literal, .column, .star:
            return e
        case let .scalarSubquery(query):
            let result = try await execute(query, ctes, at: at)
            guard result.schema.count == 1 else {
                throw SQLError("a scalar subquery must return one column, this one returns \(result.schema.count)", at: at)
            }
            let rows = result.rows()
            guard rows.count <= 1 else { throw SQLError("a scalar subquery returned \(rows.count) rows; it must return at most one", at: at) }
            return Self.constant(rows.first?.first ?? nil, result.schema.fields[0].type, at: at)
        case let .inSubquery(value, query, negated):
            let result = try await execute(query, ctes, at: at)
            guard result.schema.count == 1 else {
                throw SQLError("the subquery of IN must return one column, this one returns \(result.schema.count)", at: at)
            }
            let values = result.rows().map { Self.constant($0[0], result.schema.fields[0].type, at: at) }
            guard !values.isEmpty else { return Expression(.literal(.boolean(negated)), at: at) }
            return Expression(.inList(try await x(value), values, negated: negated), at: at)
        case let .exists(query):
            let result = try await execute(query, ctes, at: at)
            return Expression(.literal(.boolean(result.rowCount > 0)), at: at)
        case let .unary(op, a): return Expression(.unary(op, try await x(a)), at: at)
        case let .binary(op, a, b): return Expression(.binary(op, try await x(a), try await x(b)), at: at)
        case let .isNull(a, n): return Expression(.isNull(try await x(a), negated: n), at: at)
        case let .isBoolean(a, v, n): return Expression(.isBoolean(try await x(a), v, negated: n), at: at)
        case let .isDistinctFrom(a, b, n): return Expression(.isDistinctFrom(try await x(a), try await x(b), negated: n), at: at)
        case let .between(a, low, high, n):
            return Expression(.between(try await x(a), low: try await x(low), high: try await x(high), negated: n), at: at)
        case let .inList(a, list, n):
            var items: [Expression] = []
            for item in list { items.append(try await x(item)) }
            return Expression(.inList(try await x(a), items, negated: n), at: at)
        case let .like(a, pattern, op, escape, n):
            return Expression(.like(try await x(a), pattern: try await x(pattern), op, escape: escape, negated: n), at: at)
        case let .caseWhen(c):
            var branches: [WhenClause] = []
            for branch in c.branches {
                branches.append(WhenClause(condition: try await x(branch.condition), result: try await x(branch.result)))
            }
            var operand: Expression?
            if let o = c.operand { operand = try await x(o) }
            var otherwise: Expression?
            if let o = c.elseResult { otherwise = try await x(o) }
            return Expression(.caseWhen(CaseExpression(operand: operand, branches: branches, elseResult: otherwise)), at: at)
        case let .cast(a, type): return Expression(.cast(try await x(a), type), at: at)
        case let .tryCast(a, type): return Expression(.tryCast(try await x(a), type), at: at)
        case let .function(call):
            var copy = call
            var arguments: [Expression] = []
            for argument in call.arguments { arguments.append(try await x(argument)) }
            copy.arguments = arguments
            return Expression(.function(copy), at: at)
        case let .extract(field, a): return Expression(.extract(field: field, from: try await x(a)), at: at)
        case let .element(a, index): return Expression(.element(try await x(a), index: try await x(index)), at: at)
        case let .field(a, name): return Expression(.field(try await x(a), name), at: at)
        }
    }

    private func execute(_ query: Query, _ ctes: [CommonTableExpression], at location: SourceLocation) async throws(SQLError) -> SQLResult {
        var standalone = query
        standalone.ctes = ctes + query.ctes
        do {
            return try await run(try await expand(standalone))
        } catch {
            var error = error
            if error.message.hasPrefix("unknown column") || error.message.hasPrefix("unknown table or alias") {
                error.message += " (a subquery sees only its own FROM: correlated subqueries are not supported yet)"
            }
            throw error
        }
    }

    /// A result value as a constant of its type.
    static func constant(_ text: String?, _ type: ColumnType, at location: SourceLocation) -> Expression {
        guard let text else { return Expression(.literal(.null), at: location) }
        let literal: Literal
        switch type {
        case .text, .binary: literal = .string(text)
        case .int32: literal = .number(NumericLiteral(text, .integer))
        case .int64: literal = .number(NumericLiteral(text, .bigint))
        case .decimal: literal = .number(NumericLiteral(text, .decimal))
        case .double:
            guard Double(text)?.isFinite == true else {
                return Expression(.cast(Expression(.literal(.string(text)), at: location), DataTypeName(.double)), at: location)
            }
            literal = .number(NumericLiteral(text, .double))
        case .date: literal = .typed(.date, text)
        case .bool: literal = .boolean(text == "true")
        }
        return Expression(.literal(literal), at: location)
    }
}
