import SQLSyntax
import Testing

@Suite("Errors")
struct ErrorTests {
    @Test("a misspelt FROM read as an alias is reported as the misspelling, with a caret under it")
    func misspeltFrom() throws {
        let error = try #require(syntaxError("SELECT a, b, c FORM t"))
        #expect(error.description == "line 1:16: expected FROM, found 'FORM'")
        #expect(error.rendered == """
            error: line 1:16: expected FROM, found 'FORM'
             1 | SELECT a, b, c FORM t
               |                ^
            """)
    }

    @Test("the caret sits on the right line of a multi-line query")
    func secondLine() throws {
        let sql = "SELECT id,\n       revenue\n  FORM orders\nWHERE id > 0"
        let error = try #require(syntaxError(sql))
        #expect(error.rendered == """
            error: line 3:3: expected FROM, found 'FORM'
             3 |   FORM orders
               |   ^
            """)
    }

    @Test("tabs before the offending token are kept so the caret lines up")
    func tabs() throws {
        let error = try #require(syntaxError("SELECT *\n\tFROM t\n\tWHERE\t(a = 1"))
        #expect(error.rendered == "error: line 3:14: expected ')', found end of input\n 3 | \tWHERE\t(a = 1\n   | \t     \t      ^")
    }

    @Test("messages say what was expected and what was found, at line:column",
          arguments: [
              ("SELECT * FROM t WHERE", "line 1:22: expected expression, found end of input"),
              ("SELECT (1 + 2 FROM t", "line 1:15: expected ')', found 'FROM'"),
              ("SELECT a FROM t WHER x = 1", "line 1:17: expected WHERE, found 'WHER'"),
              ("SELECT a FROM t GRUOP BY a", "line 1:17: expected GROUP, found 'GRUOP'"),
              ("SELECT a FROM t WHERE x = 1 ODER BY a", "line 1:29: expected ORDER, found 'ODER'"),
              ("SELECT a FROM t WHERE x = 1 ADN y = 2", "line 1:29: expected AND, found 'ADN'"),
              ("SELECT a FROM t ORDER x", "line 1:23: expected BY, found 'x'"),
              ("SELEC a FROM t", "line 1:1: expected SELECT, found 'SELEC'"),
              ("SELECT * FROM select", "line 1:15: expected a table name, found 'select' (a keyword; write `select` to use it as a name)"),
              ("SELECT a, FROM t", "line 1:11: expected expression, found 'FROM' (a keyword; write `FROM` to use it as a name)"),
              ("SELECT CASE WHEN a THEN 1", "line 1:26: expected WHEN, ELSE or END, found end of input"),
              ("SELECT CASE a END", "line 1:15: expected WHEN, found 'END'"),
              ("SELECT CAST(a AS texts)", "line 1:18: unknown data type 'texts'"),
              ("SELECT CAST(a AS DECIMAL(40, 2))", "line 1:26: decimal precision must be between 1 and 38, found 40"),
              ("SELECT CAST(a AS DECIMAL(4, 5))", "line 1:29: decimal scale must be between 0 and the precision (4), found 5"),
              ("SELECT INTERVAL '1' DAY TO MONTH", "line 1:21: invalid interval range DAY TO MONTH"),
              ("SELECT a FROM t SORT BY a", "line 1:17: SORT BY is not supported; use ORDER BY"),
              ("SELECT a FROM t LATERAL VIEW explode(x) e", "line 1:17: LATERAL is not supported"),
              ("SELECT * FROM range(10)", "line 1:15: table-valued functions such as range(…) are not supported"),
              ("SELECT * FROM a NATURAL JOIN b ON a.x = b.x", "line 1:32: a NATURAL join takes no ON or USING condition"),
              ("SELECT * FROM (a JOIN b ON p) AS j", "line 1:31: an alias for a parenthesized join is not supported; alias its tables"),
              ("SELECT (a, b) FROM t", "line 1:10: row values such as (a, b) are not supported"),
              ("SELECT a FROM t WHERE a IN 1", "line 1:28: expected '(' after IN, found '1'"),
              ("SELECT a IS b", "line 1:13: expected NULL, TRUE, FALSE, UNKNOWN or DISTINCT FROM after IS, found 'b'"),
              ("SELECT * FROM t WHERE x.* = 1", "line 1:23: 'x.*' is only allowed in a select list or as a function argument"),
              ("SELECT 1 AS", "line 1:12: expected a name after AS, found end of input"),
              ("SELECT sum(x) OVER (PARTITION x) FROM t", "line 1:21: expected PARTITION BY, ORDER BY, ROWS, RANGE or ')', found 'PARTITION'"),
          ])
    func messages(sql: String, expected: String) {
        #expect(syntaxError(sql)?.description == expected)
    }

    @Test("SQLSyntaxError.render points a caret for later (semantic) errors too")
    func renderForPlanner() throws {
        let sql = "SELECT revnue\nFROM gold.fact_orders"
        let query = try SQLParser.parseQuery(sql)
        guard case .select(let select) = query.body.kind else { Issue.record("a SELECT"); return }
        let column = try #require(select.items.first?.expression)
        #expect(SQLSyntaxError.render(message: "unknown column 'revnue' — did you mean 'revenue'?", at: column.location, in: sql) == """
            error: line 1:8: unknown column 'revnue' — did you mean 'revenue'?
             1 | SELECT revnue
               |        ^
            """)
    }

    @Test("non-ASCII text before the error counts as one column per character")
    func unicodeColumns() throws {
        let error = try #require(syntaxError("SELECT 'größe' AS ü FORM t"))
        #expect(error.location.column == 21)
        #expect(error.rendered.hasSuffix(" 1 | SELECT 'größe' AS ü FORM t\n   |                     ^"))
    }
}
