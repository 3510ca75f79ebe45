import SQLSyntax
import Testing

@Suite("Expressions")
struct ExpressionTests {
    @Test("operator precedence follows Spark's grammar",
          arguments: [
              ("a OR b AND c", "a OR (b AND c)"),
              ("a AND b OR c AND d", "(a AND b) OR (c AND d)"),
              ("NOT a AND b", "(NOT a) AND b"),
              ("NOT a = b", "NOT (a = b)"),
              ("NOT NOT a", "NOT (NOT a)"),
              ("a = b AND c < d", "(a = b) AND (c < d)"),
              ("a + b * c", "a + (b * c)"),
              ("a - b - c", "(a - b) - c"),
              ("a / b * c % d div e", "(((a / b) * c) % d) DIV e"),
              ("a || b + c", "(a || b) + c"),
              ("a + b || c", "(a + b) || c"),
              ("a | b ^ c & d", "a | (b ^ (c & d))"),
              ("a & b + c", "a & (b + c)"),
              ("a + b = c | d", "(a + b) = (c | d)"),
              ("a = b = c", "(a = b) = c"),
              ("-a * b", "(-a) * b"),
              ("-a::int", "-CAST(a AS INT)"),
              ("~a + 1", "(~a) + 1"),
              ("x BETWEEN 1 AND 2 AND y", "(x BETWEEN 1 AND 2) AND y"),
              ("x NOT BETWEEN a + 1 AND b * 2", "x NOT BETWEEN (a + 1) AND (b * 2)"),
              ("a = b IS NULL", "(a = b) IS NULL"),
              ("NOT x IN (1, 2)", "NOT (x IN (1, 2))"),
              ("x NOT IN (1, 2) OR y", "(x NOT IN (1, 2)) OR y"),
              ("a LIKE 'x%' AND b NOT ILIKE 'y'", "(a LIKE 'x%') AND (b NOT ILIKE 'y')"),
              ("a + 1 IS NOT DISTINCT FROM b", "(a + 1) IS NOT DISTINCT FROM b"),
              ("!a OR b", "(NOT a) OR b"),
              ("a ! = b", "a = b"),
          ])
    func precedence(sql: String, expected: String) throws {
        if sql == "a ! = b" {
            // `!` followed by `=` is not `!=`: a syntax error, not a silent reading.
            #expect(syntaxError("SELECT " + sql) != nil)
            return
        }
        #expect(try grouped(sql) == expected)
    }

    @Test("equality ignores positions: a parsed tree equals the same tree built by hand")
    func structuralEquality() throws {
        let parsed = try SQLParser.parseExpression("  a\n + 1 = 'x'")
        #expect(parsed == binary(.equal, binary(.add, column("a"), integer("1")), string("x")))
        #expect(parsed.location == SourceLocation(line: 1, column: 3, offset: 2))
        #expect(try SQLParser.parseExpression("a == b") == SQLParser.parseExpression("a = b"))
        #expect(try SQLParser.parseExpression("a != b") == SQLParser.parseExpression("a <> b"))
        #expect(try SQLParser.parseExpression("x REGEXP 'a'") == SQLParser.parseExpression("x RLIKE 'a'"))
        #expect(try SQLParser.parseExpression("a + 1") != SQLParser.parseExpression("A + 1"))
    }

    @Test("numbers keep their digits; a minus before a number is part of it")
    func numbers() throws {
        #expect(try SQLParser.parseExpression("12.50") == Expression(.literal(.number(NumericLiteral("12.50", .decimal)))))
        #expect(try SQLParser.parseExpression("-0.10") == Expression(.literal(.number(NumericLiteral("-0.10", .decimal)))))
        #expect(try SQLParser.parseExpression("- 9223372036854775808L")
            == Expression(.literal(.number(NumericLiteral("-9223372036854775808", .bigint)))))
        #expect(try SQLParser.parseExpression("99999999999999999999999")
            == Expression(.literal(.number(NumericLiteral("99999999999999999999999", .integer)))))
        #expect(try grouped("2 - -5") == "2 - -5")
        #expect(try grouped("-(5)") == "-(5)")
        #expect(try grouped("- -x") == "-(-x)")
        if case .unary(.negate, let operand) = try SQLParser.parseExpression("-(5)").kind {
            #expect(operand == integer("5"))
        } else {
            Issue.record("-(5) should negate the literal 5")
        }
    }

    @Test("typed and interval literals",
          arguments: [
              ("DATE '2025-01-01'", Literal.typed(.date, "2025-01-01")),
              ("timestamp '2025-01-01 00:00:00'", .typed(.timestamp, "2025-01-01 00:00:00")),
              ("TIMESTAMP_NTZ '2025-01-01'", .typed(.timestampNTZ, "2025-01-01")),
              ("INTERVAL 3 MONTHS", .interval(.units([IntervalComponent("3", .month)]))),
              ("INTERVAL '3' MONTH", .interval(.units([IntervalComponent("3", .month)]))),
              ("INTERVAL 1 DAY", .interval(.units([IntervalComponent("1", .day)]))),
              ("interval 1 year 2 months -3 days",
               .interval(.units([IntervalComponent("1", .year), IntervalComponent("2", .month), IntervalComponent("-3", .day)]))),
              ("INTERVAL 1.5 SECONDS", .interval(.units([IntervalComponent("1.5", .second)]))),
              ("INTERVAL '1 02:03' DAY TO MINUTE", .interval(.range(value: "1 02:03", from: .day, to: .minute))),
              ("INTERVAL '1-2' YEAR TO MONTH", .interval(.range(value: "1-2", from: .year, to: .month))),
              ("INTERVAL '3 days 2 hours'", .interval(.text("3 days 2 hours"))),
              ("TRUE", .boolean(true)), ("false", .boolean(false)), ("NULL", .null),
              ("'a' 'b'\n'c'", .string("abc")),
          ])
    func literals(sql: String, literal: Literal) throws {
        #expect(try SQLParser.parseExpression(sql) == Expression(.literal(literal)))
    }

    @Test("keywords that are also column names: date, timestamp, interval, year, version")
    func keywordNamedColumns() throws {
        #expect(try grouped("date >= DATE '2025-01-01' AND year = 2025")
            == "(date >= DATE '2025-01-01') AND (year = 2025)")
        #expect(try SQLParser.parseExpression("interval - 3") == binary(.subtract, column("interval"), integer("3")))
        #expect(try SQLParser.parseExpression("t.timestamp") == column("t", "timestamp"))
        #expect(try SQLParser.parseExpression("version + rows") == binary(.add, column("version"), column("rows")))
        #expect(try SQLParser.parseExpression("s.order") == column("s", "order"))
    }

    @Test("names: plain, back-quoted, qualified up to layer.table.column")
    func names() throws {
        #expect(try SQLParser.parseExpression("gold.fact_orders.revenue") == column("gold", "fact_orders", "revenue"))
        #expect(try SQLParser.parseExpression("`odd name` + t.`select`") == binary(.add, column("odd name"), column("t", "select")))
        #expect(try SQLParser.parseExpression("Revenue") == column("Revenue"))
    }

    @Test("CASE in both forms")
    func caseExpressions() throws {
        let searched = try SQLParser.parseExpression("CASE WHEN a > 1 THEN 'big' WHEN a > 0 THEN 'small' ELSE 'none' END")
        guard case .caseWhen(let c) = searched.kind else { Issue.record("not a CASE"); return }
        #expect(c.operand == nil)
        #expect(c.branches.count == 2)
        #expect(c.elseResult == string("none"))
        let simple = try SQLParser.parseExpression("CASE status WHEN 'A' THEN 1 END")
        guard case .caseWhen(let s) = simple.kind else { Issue.record("not a CASE"); return }
        #expect(s.operand == column("status"))
        #expect(s.branches == [WhenClause(condition: string("A"), result: integer("1"))])
        #expect(s.elseResult == nil)
    }

    @Test("CAST, TRY_CAST and :: with Spark's type names and synonyms",
          arguments: [
              ("CAST(x AS INTEGER)", "CAST(x AS INT)"),
              ("x::long", "CAST(x AS BIGINT)"),
              ("TRY_CAST(x AS decimal(18, 2))", "TRY_CAST(x AS DECIMAL(18, 2))"),
              ("CAST(x AS dec)", "CAST(x AS DECIMAL)"),
              ("CAST(x AS ARRAY<MAP<STRING, INT>>)", "CAST(x AS ARRAY<MAP<STRING, INT>>)"),
              ("CAST(x AS STRUCT<a: INT NOT NULL, `b c` STRING COMMENT 'x'>)",
               "CAST(x AS STRUCT<a: INT NOT NULL, `b c`: STRING COMMENT 'x'>)"),
              ("CAST(x AS STRUCT<>)", "CAST(x AS STRUCT<>)"),
              ("CAST(x AS interval day to second)", "CAST(x AS INTERVAL DAY TO SECOND)"),
              ("x::varchar(10)::string", "CAST(CAST(x AS VARCHAR(10)) AS STRING)"),
              ("CAST(x AS timestamp_ntz)", "CAST(x AS TIMESTAMP_NTZ)"),
          ])
    func casts(sql: String, printed: String) throws {
        #expect(try SQLParser.parseExpression(sql).description == printed)
    }

    @Test("IN with a list or a subquery, EXISTS, scalar subqueries")
    func subqueries() throws {
        let list = try SQLParser.parseExpression("x NOT IN (1, 2, 3)")
        #expect(list == Expression(.inList(column("x"), [integer("1"), integer("2"), integer("3")], negated: true)))
        guard case .inSubquery(_, let query, false) = try SQLParser.parseExpression("x IN (SELECT id FROM t)").kind else {
            Issue.record("IN (SELECT …) is a subquery"); return
        }
        #expect(query.description == "SELECT id FROM t")
        guard case .inSubquery = try SQLParser.parseExpression("x IN ((SELECT 1) UNION (SELECT 2))").kind else {
            Issue.record("parenthesized set operation in IN is a subquery"); return
        }
        guard case .inList(_, let values, _) = try SQLParser.parseExpression("x IN ((SELECT 1), 2)").kind else {
            Issue.record("a list whose first value is a subquery"); return
        }
        #expect(values.count == 2)
        #expect(try grouped("NOT EXISTS (SELECT 1 FROM t WHERE t.a = b)") == "NOT EXISTS (SELECT 1 FROM t WHERE t.a = b)")
        #expect(try grouped("(SELECT max(x) FROM t) * 2") == "(SELECT max(x) FROM t) * 2")
        #expect(try grouped("((SELECT 1) + 1) * 2") == "((SELECT 1) + 1) * 2")
        #expect(try grouped("(((SELECT 1)))") == "(((SELECT 1)))")
    }

    @Test("LIKE, ILIKE, RLIKE with ESCAPE; IS tests")
    func predicates() throws {
        #expect(try SQLParser.parseExpression(#"name LIKE 'a\_%' ESCAPE '!'"#)
            == Expression(.like(column("name"), pattern: string(#"a\_%"#), .like, escape: "!", negated: false)))
        #expect(try grouped("name NOT RLIKE '^a.*'") == "name NOT RLIKE '^a.*'")
        #expect(try grouped("a IS NOT TRUE OR b IS UNKNOWN OR c IS FALSE")
            == "((a IS NOT TRUE) OR (b IS UNKNOWN)) OR (c IS FALSE)")
        #expect(syntaxError("SELECT a LIKE 'x' ESCAPE 'ab'")?.message == "ESCAPE takes a string of one character, found string 'ab'")
    }

    @Test("function calls: DISTINCT, *, t.*, FILTER, IGNORE NULLS, qualified and keyword names")
    func functionCalls() throws {
        #expect(try grouped("count(*)") == "count(*)")
        #expect(try grouped("COUNT(DISTINCT a, b)") == "COUNT(DISTINCT a, b)")
        #expect(try grouped("count(t.*)") == "count(t.*)")
        #expect(try grouped("sum(x) FILTER (WHERE y > 0)") == "sum(x) FILTER (WHERE y > 0)")
        #expect(try grouped("first(x) IGNORE NULLS") == "first(x) IGNORE NULLS")
        #expect(try grouped("left(s, 3) || right(s, 2)") == "left(s, 3) || right(s, 2)")
        #expect(try grouped("`my layer`.fn(1)") == "`my layer`.fn(1)")
        #expect(try grouped("coalesce(a, b, 0) + now()") == "coalesce(a, b, 0) + now()")
        let count = try SQLParser.parseExpression("count(*)")
        guard case .function(let call) = count.kind else { Issue.record("not a call"); return }
        #expect(call.arguments == [Expression(.star(qualifier: nil))])
        #expect(call.name.description == "count")
    }

    @Test("SQL-standard call forms: EXTRACT, POSITION … IN, SUBSTRING … FROM … FOR")
    func standardCallForms() throws {
        #expect(try grouped("EXTRACT(YEAR FROM order_date)") == "EXTRACT(YEAR FROM order_date)")
        #expect(try grouped("POSITION('a' IN name)") == "POSITION('a', name)")
        #expect(try grouped("position('a', name, 2)") == "position('a', name, 2)")
        #expect(try grouped("SUBSTRING(name FROM 2 FOR 3)") == "SUBSTRING(name, 2, 3)")
        #expect(try grouped("substr(name, 2)") == "substr(name, 2)")
        #expect(try SQLParser.parseExpression("current_date") == column("current_date"))
    }

    @Test("subscripts and field access bind tightest")
    func postfix() throws {
        #expect(try grouped("a[0] + m['k'].f") == "(a[0]) + ((m['k']).f)")
        #expect(try SQLParser.parseExpression("(s).x") == Expression(.field(column("s"), Identifier("x"))))
        #expect(try grouped("-arr[1]") == "-(arr[1])")
    }
}
