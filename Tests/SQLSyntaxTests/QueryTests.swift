import SQLSyntax
import Testing

@Suite("Queries")
struct QueryTests {
    @Test("select list: aliases with and without AS, *, t.*, DISTINCT; SELECT without FROM")
    func selectList() throws {
        let s = try select("SELECT DISTINCT o.*, revenue AS r, qty q, `total amount`, * FROM gold.fact_orders o")
        #expect(s.isDistinct)
        #expect(items(s) == ["o.*", "revenue AS r", "qty AS q", "`total amount`", "*"])
        #expect(try select("SELECT 1 + 1 AS two").from.isEmpty)
        #expect(try select("SELECT ALL a FROM t").isDistinct == false)
    }

    @Test("FROM: qualified tables, aliases, derived tables, comma lists")
    func fromClause() throws {
        let s = try select("SELECT * FROM gold.fact_orders AS f, silver.orders s, (SELECT 1 AS x) AS d(y), (SELECT 2)")
        #expect(s.from.count == 4)
        guard case .table(let name, nil, let alias) = s.from[0].kind else { Issue.record("a table"); return }
        #expect(name == QualifiedName("gold", "fact_orders"))
        #expect(alias?.name.name == "f")
        guard case .table(_, nil, let implicit) = s.from[1].kind else { Issue.record("a table"); return }
        #expect(implicit?.name.name == "s")
        guard case .subquery(let query, let derived) = s.from[2].kind else { Issue.record("a subquery"); return }
        #expect(query.description == "SELECT 1 AS x")
        #expect(derived == TableAlias(Identifier("d"), columns: [Identifier("y")]))
        guard case .subquery(_, nil) = s.from[3].kind else { Issue.record("a subquery without alias"); return }
    }

    @Test("every join kind, with ON, USING or NATURAL; joins nest to the left",
          arguments: [
              ("a JOIN b ON a.id = b.id", "a JOIN b ON a.id = b.id"),
              ("a INNER JOIN b USING (id, day)", "a JOIN b USING (id, day)"),
              ("a LEFT JOIN b ON x", "a LEFT JOIN b ON x"),
              ("a LEFT OUTER JOIN b ON x", "a LEFT JOIN b ON x"),
              ("a RIGHT OUTER JOIN b ON x", "a RIGHT JOIN b ON x"),
              ("a FULL OUTER JOIN b ON x", "a FULL JOIN b ON x"),
              ("a FULL JOIN b ON x", "a FULL JOIN b ON x"),
              ("a CROSS JOIN b", "a CROSS JOIN b"),
              ("a LEFT SEMI JOIN b ON x", "a LEFT SEMI JOIN b ON x"),
              ("a SEMI JOIN b ON x", "a LEFT SEMI JOIN b ON x"),
              ("a LEFT ANTI JOIN b ON x", "a LEFT ANTI JOIN b ON x"),
              ("a ANTI JOIN b USING (k)", "a LEFT ANTI JOIN b USING (k)"),
              ("a NATURAL JOIN b", "a NATURAL JOIN b"),
              ("a NATURAL LEFT JOIN b", "a NATURAL LEFT JOIN b"),
              ("a JOIN (b JOIN c ON p) ON q", "a JOIN (b JOIN c ON p) ON q"),
              ("(a JOIN b ON p) JOIN c ON q", "a JOIN b ON p JOIN c ON q"),
          ])
    func joins(from: String, printed: String) throws {
        #expect(try select("SELECT * FROM " + from).from.count == 1)
        #expect(try canonical("SELECT * FROM " + from) == "SELECT * FROM " + printed)
    }

    @Test("a chain of joins is a left-deep tree")
    func joinTree() throws {
        let s = try select("SELECT * FROM a JOIN b ON p LEFT JOIN c ON q CROSS JOIN d")
        guard case .join(let outer) = s.from[0].kind, case .join(let middle) = outer.left.kind,
              case .join(let inner) = middle.left.kind
        else { Issue.record("three nested joins"); return }
        #expect(outer.kind == .cross)
        #expect(middle.kind == .left)
        #expect(inner.kind == .inner)
        #expect(inner.condition == .on(column("p")))
    }

    @Test("WHERE, GROUP BY (ordinals too), HAVING, ORDER BY with directions, LIMIT, OFFSET")
    func clauses() throws {
        let query = try SQLParser.parseQuery("""
            SELECT customer, sum(qty) AS total FROM silver.orders WHERE day >= DATE '2025-01-01'
            GROUP BY 1 HAVING sum(qty) > 10 ORDER BY total DESC NULLS LAST, customer LIMIT 20 OFFSET 40
            """)
        guard case .select(let s) = query.body.kind else { Issue.record("a SELECT"); return }
        #expect(s.whereClause?.description == "day >= DATE '2025-01-01'")
        #expect(s.groupBy == [.expression(integer("1"))])
        #expect(s.having?.description == "sum(qty) > 10")
        #expect(query.orderBy == [OrderItem(column("total"), .descending, nulls: .last), OrderItem(column("customer"))])
        #expect(query.limit == integer("20"))
        #expect(query.offset == integer("40"))
        #expect(try SQLParser.parseQuery("SELECT a FROM t LIMIT ALL").limit == nil)
    }

    @Test("ROLLUP, CUBE, GROUPING SETS and WITH ROLLUP")
    func groupingAnalytics() throws {
        #expect(try select("SELECT 1 FROM t GROUP BY ROLLUP(a, (b, c))").groupBy
            == [.rollup([[column("a")], [column("b"), column("c")]])])
        #expect(try select("SELECT 1 FROM t GROUP BY CUBE(a, b)").groupBy == [.cube([[column("a")], [column("b")]])])
        #expect(try select("SELECT 1 FROM t GROUP BY GROUPING SETS ((a, b), (a), ())").groupBy
            == [.groupingSets([[column("a"), column("b")], [column("a")], []])])
        #expect(try select("SELECT 1 FROM t GROUP BY a, b WITH ROLLUP").groupBy == [.rollup([[column("a")], [column("b")]])])
        #expect(try select("SELECT 1 FROM t GROUP BY ROLLUP((a + b) * 2)").groupBy
            == [.rollup([[binary(.multiply, binary(.add, column("a"), column("b")), integer("2"))]])])
        #expect(try select("SELECT rollup FROM t GROUP BY rollup").groupBy == [.expression(column("rollup"))])
    }

    @Test("set operations: INTERSECT binds tighter; ALL, DISTINCT, MINUS; ORDER BY applies to the whole")
    func setOperations() throws {
        let query = try SQLParser.parseQuery("SELECT 1 UNION ALL SELECT 2 INTERSECT SELECT 3 EXCEPT SELECT 4 ORDER BY 1")
        guard case .setOperation(let except) = query.body.kind, case .setOperation(let union) = except.left.kind,
              case .setOperation(let intersect) = union.right.kind
        else { Issue.record("((1 UNION ALL (2 INTERSECT 3)) EXCEPT 4)"); return }
        #expect(except.op == .except && !except.isAll)
        #expect(union.op == .union && union.isAll)
        #expect(intersect.op == .intersect)
        #expect(query.orderBy.count == 1)
        #expect(try canonical("SELECT a FROM x MINUS SELECT a FROM y") == "SELECT a FROM x EXCEPT SELECT a FROM y")
        #expect(try canonical("SELECT 1 UNION DISTINCT SELECT 2") == "SELECT 1 UNION SELECT 2")
        #expect(try canonical("(SELECT a FROM x ORDER BY a LIMIT 1) UNION (SELECT b FROM y)")
            == "(SELECT a FROM x ORDER BY a LIMIT 1) UNION (SELECT b FROM y)")
        #expect(try canonical("SELECT 1 UNION (SELECT 2 UNION SELECT 3)") == "SELECT 1 UNION (SELECT 2 UNION SELECT 3)")
    }

    @Test("WITH: several CTEs, column lists, AS optional, CTEs inside subqueries")
    func commonTableExpressions() throws {
        let query = try SQLParser.parseQuery("""
            WITH daily (day, total) AS (SELECT day, sum(qty) FROM orders GROUP BY day),
                 top (SELECT * FROM daily ORDER BY total DESC LIMIT 3)
            SELECT * FROM top WHERE total > (WITH m AS (SELECT 1 AS v) SELECT v FROM m)
            """)
        #expect(query.ctes.map(\.name.name) == ["daily", "top"])
        #expect(query.ctes[0].columns.map(\.name) == ["day", "total"])
        #expect(query.ctes[1].query.limit == integer("3"))
        #expect(query.description.hasSuffix("WHERE total > (WITH m AS (SELECT 1 AS v) SELECT v FROM m)"))
        #expect(syntaxError("WITH RECURSIVE r AS (SELECT 1) SELECT * FROM r")?.message == "WITH RECURSIVE is not supported")
    }

    @Test("subqueries nest in FROM, WHERE and SELECT")
    func nestedSubqueries() throws {
        let sql = """
            SELECT (SELECT count(*) FROM (SELECT * FROM t WHERE t.a IN (SELECT a FROM u WHERE EXISTS (SELECT 1 FROM v))) x) AS n
            FROM ((SELECT 1 AS a) UNION ALL (SELECT 2)) AS w
            """
        let query = try SQLParser.parseQuery(sql)
        #expect(query.description == """
            SELECT (SELECT count(*) FROM (SELECT * FROM t WHERE t.a IN (SELECT a FROM u WHERE EXISTS (SELECT 1 FROM v))) AS x) \
            AS n FROM ((SELECT 1 AS a) UNION ALL (SELECT 2)) AS w
            """)
    }

    @Test("window functions: PARTITION BY, ORDER BY, frames (one bound means up to CURRENT ROW), named windows")
    func windows() throws {
        let s = try select("""
            SELECT row_number() OVER (PARTITION BY customer ORDER BY day DESC) AS rn,
                   sum(qty) OVER (ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW),
                   avg(qty) OVER (ORDER BY day RANGE BETWEEN INTERVAL 7 DAYS PRECEDING AND CURRENT ROW),
                   max(qty) OVER (ROWS 2 PRECEDING),
                   min(qty) OVER (ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING),
                   lag(qty) OVER w, lead(qty) OVER (w)
            FROM orders WINDOW w AS (PARTITION BY customer ORDER BY day)
            """)
        #expect(items(s) == [
            "row_number() OVER (PARTITION BY customer ORDER BY day DESC) AS rn",
            "sum(qty) OVER (ORDER BY day ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)",
            "avg(qty) OVER (ORDER BY day RANGE BETWEEN INTERVAL 7 DAY PRECEDING AND CURRENT ROW)",
            "max(qty) OVER (ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)",
            "min(qty) OVER (ROWS BETWEEN 1 FOLLOWING AND UNBOUNDED FOLLOWING)",
            "lag(qty) OVER w", "lead(qty) OVER w",
        ])
        #expect(s.windows.map(\.name.name) == ["w"])
    }

    @Test("window frames that cannot hold rows are refused",
          arguments: [
              ("ROWS BETWEEN UNBOUNDED FOLLOWING AND CURRENT ROW", "a window frame cannot start at UNBOUNDED FOLLOWING"),
              ("ROWS BETWEEN CURRENT ROW AND UNBOUNDED PRECEDING", "a window frame cannot end at UNBOUNDED PRECEDING"),
              ("ROWS BETWEEN CURRENT ROW AND 1 PRECEDING", "a window frame cannot start after it ends"),
              ("ROWS 1 FOLLOWING", "a window frame cannot start after it ends"),
              ("ROWS BETWEEN 1 AND 2 FOLLOWING", "expected PRECEDING or FOLLOWING, found 'AND'"),
          ])
    func invalidFrames(frame: String, message: String) {
        #expect(syntaxError("SELECT sum(x) OVER (ORDER BY d \(frame)) FROM t")?.message == message)
    }

    @Test("QUALIFY filters on window results")
    func qualify() throws {
        let s = try select("SELECT * FROM t QUALIFY row_number() OVER (PARTITION BY k ORDER BY v) = 1")
        #expect(s.qualify?.description == "row_number() OVER (PARTITION BY k ORDER BY v) = 1")
    }

    @Test("Delta time travel: VERSION AS OF, TIMESTAMP AS OF, FOR SYSTEM_… forms, alias after")
    func timeTravel() throws {
        let s = try select("""
            SELECT * FROM gold.fact_orders VERSION AS OF 3 AS f
            JOIN silver.orders TIMESTAMP AS OF '2025-01-01 00:00:00' o ON f.id = o.id
            CROSS JOIN t FOR SYSTEM_VERSION AS OF '7'
            CROSS JOIN u FOR SYSTEM_TIME AS OF current_timestamp() - INTERVAL 1 DAY
            """)
        var tables: [(QualifiedName, TimeTravel?, TableAlias?)] = []
        var pending = s.from
        while let table = pending.popLast() {
            switch table.kind {
            case .join(let join): pending += [join.right, join.left]
            case .table(let name, let travel, let alias): tables.append((name, travel, alias))
            case .subquery: Issue.record("no subqueries here")
            }
        }
        #expect(tables.map(\.0.description) == ["gold.fact_orders", "silver.orders", "t", "u"])
        #expect(tables[0].1 == .version(3))
        #expect(tables[0].2?.name.name == "f")
        #expect(tables[1].1 == .timestamp(string("2025-01-01 00:00:00")))
        #expect(tables[1].2?.name.name == "o")
        #expect(tables[2].1 == .version(7))
        #expect(tables[3].1.map { if case .timestamp(let e) = $0 { e.description } else { "" } }
            == "current_timestamp() - INTERVAL 1 DAY")
        #expect(try canonical("SELECT * FROM t VERSION AS OF 3 version") == "SELECT * FROM t VERSION AS OF 3 AS version")
        guard case .table(_, nil, let alias)? = try select("SELECT * FROM t version").from.first?.kind else {
            Issue.record("a table aliased `version`"); return
        }
        #expect(alias?.name.name == "version")
        #expect(syntaxError("SELECT * FROM t VERSION AS OF -1")?.message
            == "expected a version number after VERSION AS OF, found '-'")
    }

    @Test("comments anywhere between tokens")
    func commentsInside() throws {
        let sql = """
            SELECT /* the key */ id, -- first column
                   qty /* nested /* comment */ here */ * 2 AS doubled
            FROM t -- trailing
            WHERE /**/ qty > 0
            """
        #expect(try canonical(sql) == "SELECT id, qty * 2 AS doubled FROM t WHERE qty > 0")
    }
}
