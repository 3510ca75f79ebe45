extension Parser {
    /// Statements that change data or the catalog: refused, `medallion sql` only reads.
    static let writeStatements: Set<String> = [
        "INSERT", "CREATE", "DROP", "UPDATE", "DELETE", "MERGE", "ALTER", "TRUNCATE", "REPLACE", "UPSERT", "COPY",
        "LOAD", "OPTIMIZE", "VACUUM", "RESTORE", "GRANT", "REVOKE", "MSCK", "REPAIR", "CACHE", "UNCACHE", "REFRESH",
        "COMMENT", "ANALYZE", "CONVERT", "FSCK", "REORG",
    ]

    /// Other Spark statements that are not queries.
    static let otherStatements: Set<String> = [
        "SET", "RESET", "USE", "CALL", "EXECUTE", "DECLARE", "BEGIN", "COMMIT", "ROLLBACK", "START", "ADD", "LIST",
        "CLEAR", "VALUES", "TABLE", "FROM", "MAP", "REDUCE",
    ]

    static let statementKeywords: [Keyword] = [.select, .with, .show, .describe, .explain]

    /// Statements up to the end of the text, separated by `;` (empty ones skipped).
    mutating func parseScript() throws(SQLSyntaxError) -> [Statement] {
        var statements: [Statement] = []
        while !isAtEnd {
            if accept(.semicolon) { continue }
            statements.append(try parseStatement())
            guard isAt(.semicolon) || isAtEnd else { throw unexpected(expected: "';' or end of input") }
        }
        return statements
    }

    /// Exactly one statement, optionally followed by `;`.
    mutating func parseSingleStatement() throws(SQLSyntaxError) -> Statement {
        let statement = try parseStatement()
        while accept(.semicolon) {}
        guard isAtEnd else {
            throw unexpected(expected: isStatementStart ? "end of input after the statement (one statement only)" : "end of input")
        }
        return statement
    }

    var startsQuery: Bool { isAt(.select) || isAt(.with) || isAt(.leftParen) }

    private var isStatementStart: Bool {
        startsQuery || isAt(.show) || isAt(.describe) || isAt(.desc) || isAt(.explain)
            || Parser.writeStatements.contains(current.upperText)
    }

    mutating func parseStatement() throws(SQLSyntaxError) -> Statement {
        let start = current.location
        let kind: Statement.Kind
        if startsQuery {
            kind = .query(try parseQuery())
        } else if isAt(.show) {
            kind = try parseShowTables()
        } else if isAt(.describe) || isAt(.desc) {
            kind = try parseDescribe()
        } else if isAt(.explain) {
            kind = try parseExplain()
        } else {
            throw notAStatement(expected: "a statement (SELECT, WITH, SHOW TABLES, DESCRIBE or EXPLAIN)")
        }
        return Statement(kind, range: SourceRange(start: start, end: previousEnd))
    }

    /// The error for a token where a statement or query should start.
    func notAStatement(expected: String) -> SQLSyntaxError {
        let word = current.upperText
        if Parser.writeStatements.contains(word) {
            return error("medallion sql is read-only: \(word) is not supported", at: current.location)
        }
        if Parser.otherStatements.contains(word) {
            return error(
                "\(word) is not supported: medallion sql runs queries (SELECT, WITH), SHOW TABLES, DESCRIBE and EXPLAIN",
                at: current.location)
        }
        return unexpected(expected: expected, suggesting: Parser.statementKeywords)
    }

    /// `SHOW TABLES [IN | FROM layer] [[LIKE] 'pattern']`.
    private mutating func parseShowTables() throws(SQLSyntaxError) -> Statement.Kind {
        advance()
        try expect(.tables)
        var layer: QualifiedName?
        if accept(.in) || accept(.from) { layer = try parseQualifiedName("a layer name") }
        var pattern: String?
        if accept(.like) || isAt(.string) {
            guard isAt(.string) else { throw unexpected(expected: "a pattern string") }
            pattern = advance().value
        }
        return .showTables(in: layer, pattern: pattern)
    }

    /// `DESCRIBE [TABLE] [EXTENDED] name`, `DESCRIBE HISTORY name [LIMIT n]`,
    /// `DESCRIBE [QUERY] query`.
    private mutating func parseDescribe() throws(SQLSyntaxError) -> Statement.Kind {
        advance()
        if isAt(.history), isName(peek()) {
            advance()
            let name = try parseQualifiedName("a table name")
            var limit: Int?
            if accept(.limit) {
                guard case .number(.integer) = current.kind, let value = Int(current.value) else {
                    throw unexpected(expected: "a number of versions")
                }
                advance()
                limit = value
            }
            return .describeHistory(name, limit: limit)
        }
        if isAt(.query), peek().keyword == .select || peek().keyword == .with || peek().kind == .leftParen { advance() }
        if startsQuery { return .describeQuery(try parseQuery()) }
        if isAt(.table), isName(peek()) { advance() }
        var extended = false
        if isAt(.extended) || isAt(.formatted), isName(peek()) {
            advance()
            extended = true
        }
        return .describeTable(try parseQualifiedName("a table name"), extended: extended)
    }

    /// `EXPLAIN [ANALYZE | EXTENDED | FORMATTED] query`.
    private mutating func parseExplain() throws(SQLSyntaxError) -> Statement.Kind {
        advance()
        var mode = ExplainMode.plan
        if accept(.analyze) {
            mode = .analyze
        } else if accept(.extended) {
            mode = .extended
        } else if accept(.formatted) {
            mode = .formatted
        } else if ["CODEGEN", "COST", "LOGICAL"].contains(current.upperText) {
            throw error("EXPLAIN \(current.upperText) is not supported", at: current.location)
        }
        guard startsQuery else { throw notAStatement(expected: "a query after EXPLAIN") }
        return .explain(try parseQuery(), mode)
    }
}
