import SQLSyntax
import Testing

/// How the parser grouped an expression: every operation under the top one in parentheses.
func grouped(_ sql: String) throws -> String {
    SQLPrinter(parenthesizeAll: true).print(try SQLParser.parseExpression(sql))
}

/// The statement printed back as canonical SQL.
func canonical(_ sql: String) throws -> String {
    SQLPrinter().print(try SQLParser.parseStatement(sql))
}

/// The error a script gives, or nil when it parses.
func syntaxError(_ sql: String) -> SQLSyntaxError? {
    do {
        _ = try SQLParser.parseScript(sql)
        return nil
    } catch {
        return error
    }
}

/// The single SELECT of a query.
func select(_ sql: String) throws -> Select {
    let query = try SQLParser.parseQuery(sql)
    guard case .select(let select) = query.body.kind else {
        Issue.record("not a plain SELECT: \(sql)")
        return Select(items: [])
    }
    return select
}

// Hand-built nodes for expected trees (equality ignores locations).
func column(_ parts: String...) -> Expression { Expression(.column(QualifiedName(parts.map { Identifier($0) }))) }
func integer(_ text: String) -> Expression { Expression(.literal(.number(NumericLiteral(text, .integer)))) }
func string(_ text: String) -> Expression { Expression(.literal(.string(text))) }
func binary(_ op: BinaryOperator, _ left: Expression, _ right: Expression) -> Expression {
    Expression(.binary(op, left, right))
}

/// The SELECT items' expressions printed, for compact assertions.
func items(_ select: Select) -> [String] {
    select.items.map { item in
        item.expression.description + (item.alias.map { " AS " + $0.name } ?? "")
    }
}
