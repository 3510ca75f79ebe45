import SQLSyntax
import Testing

/// Queries covering the grammar, for parse → print → parse.
let roundTripCorpus = [
    "SELECT 1",
    "SELECT DISTINCT a, b AS c, t.*, * FROM layer.t AS t WHERE a > 1 AND NOT b OR c IS NULL",
    "select a b, `odd name` `other odd`, `a``b` from `my layer`.`my table` x",
    "SELECT -5, - 5, -(5), - -x, +x, ~x, 2 - -5, a * -b, 1e3, 1.5D, 2F, 12BD, 12.50, .5, 5., 42L, 7S, 3Y, -0.10",
    #"SELECT 'it\'s', 'it''s', "dq", 'tab\there', 'nl\nhere', '\\', '\u0001', r'raw\n', '\%\_', 'é😀'"#,
    "SELECT DATE '2025-01-01', TIMESTAMP '2025-01-01 00:00:00', TIMESTAMP_NTZ '2025-01-01', TIMESTAMP_LTZ '2025-01-01'",
    "SELECT INTERVAL 3 MONTHS, INTERVAL '3' MONTH, INTERVAL 1 YEAR 2 MONTHS, INTERVAL -1.5 SECONDS, INTERVAL '1 2:03' DAY TO MINUTE, INTERVAL '3 days'",
    "SELECT INTERVAL '-x' DAY, INTERVAL - '2' HOURS",
    "SELECT a + b * c - d / e % f DIV g, (a + b) * c, a - (b - c), a || b || c, a | b & c ^ d",
    "SELECT a = b, a <=> b, a <> b, a != b, a == b, a < b, a <= b, a > b, a >= b, (a = b) = c, a = (b = c)",
    "SELECT a BETWEEN 1 AND 2, a NOT BETWEEN b + 1 AND c, (a BETWEEN 1 AND 2) BETWEEN x AND y",
    "SELECT a IN (1, 2), a NOT IN (SELECT b FROM t), EXISTS (SELECT 1), NOT EXISTS (SELECT 1 FROM t WHERE t.a = a)",
    "SELECT a LIKE 'x%', a NOT ILIKE 'y' ESCAPE '!', a RLIKE '^z', a REGEXP 'q', a IS NOT NULL, a IS TRUE, a IS NOT UNKNOWN",
    "SELECT a IS DISTINCT FROM b, a IS NOT DISTINCT FROM b + 1, NOT a IS NULL, NOT (a AND b), (NOT a) = b, a = (NOT b)",
    "SELECT CASE WHEN a THEN 1 WHEN b THEN 2 ELSE 3 END, CASE x WHEN 1 THEN 'one' END, CASE WHEN CASE WHEN a THEN b END THEN 1 END",
    "SELECT CAST(a AS DECIMAL(18, 2)), TRY_CAST(b AS INT), c::STRING, CAST(d AS ARRAY<STRUCT<x: INT NOT NULL, `y z`: MAP<STRING, DOUBLE> COMMENT 'c'>>)",
    "SELECT CAST(x AS INTERVAL YEAR TO MONTH), CAST(x AS INTERVAL DAY), CAST(x AS CHAR(3)), CAST(x AS VARCHAR(10)), CAST(x AS STRUCT<>)",
    "SELECT count(*), count(DISTINCT a), count(t.*), sum(x) FILTER (WHERE y > 0), first(z) IGNORE NULLS, last(z) RESPECT NULLS, left(s, 1)",
    "SELECT EXTRACT(YEAR FROM d), POSITION('a' IN s), SUBSTRING(s FROM 2 FOR 3), substr(s, 1), `layer`.fn(1), filter(a, b)",
    "SELECT a[0], m['k'], (s).f, f(x).g, a[0].b, (a + b)[1], -a[0], (-a)[0]",
    "SELECT 1 .FROM t, (-5).y, 'a'.z, 1L.w",  // found by fuzzing: printed `1.FROM` read back as a bad number
    "SELECT row_number() OVER (PARTITION BY a, b ORDER BY c DESC NULLS LAST, d ASC NULLS FIRST) AS rn FROM t",
    "SELECT sum(x) OVER (ORDER BY d ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW), avg(x) OVER (ORDER BY d RANGE BETWEEN INTERVAL 7 DAYS PRECEDING AND INTERVAL 1 DAY FOLLOWING)",
    "SELECT max(x) OVER (ROWS 3 PRECEDING), min(x) OVER w, lag(x) OVER (w), count(*) OVER () FROM t WINDOW w AS (PARTITION BY k), v AS w",
    "SELECT * FROM a JOIN b ON a.k = b.k LEFT JOIN c USING (k) RIGHT OUTER JOIN d ON TRUE FULL JOIN e ON x CROSS JOIN f",
    "SELECT * FROM a LEFT SEMI JOIN b ON p LEFT ANTI JOIN c ON q NATURAL JOIN d NATURAL FULL OUTER JOIN e, g, (SELECT 1) s(x)",
    "SELECT * FROM a JOIN (b JOIN c ON p) ON q, (a JOIN b ON x)",
    "SELECT * FROM gold.fact_orders VERSION AS OF 3 f JOIN silver.orders TIMESTAMP AS OF '2025-01-01' o ON f.id = o.id",
    "SELECT * FROM t FOR SYSTEM_TIME AS OF current_timestamp() - INTERVAL 1 DAY, u FOR SYSTEM_VERSION AS OF 2",
    "SELECT k, sum(v) FROM t WHERE d >= DATE '2025-01-01' GROUP BY k, 2 HAVING sum(v) > 10 QUALIFY rank() OVER (ORDER BY k) = 1",
    "SELECT 1 FROM t GROUP BY ROLLUP(a, (b, c)), CUBE(d), GROUPING SETS ((a, b), (a), ()), e",
    "SELECT 1 FROM t GROUP BY a, b WITH CUBE",
    "SELECT 1 UNION ALL SELECT 2 INTERSECT SELECT 3 EXCEPT SELECT 4 MINUS SELECT 5 ORDER BY 1 DESC LIMIT 10 OFFSET 5",
    "(SELECT 1 ORDER BY 1 LIMIT 1) UNION (SELECT 2 UNION SELECT 3) INTERSECT ALL (SELECT 4)",
    "WITH a AS (SELECT 1 AS x), b (y) AS (SELECT x FROM a) SELECT * FROM b WHERE y IN (WITH c AS (SELECT 1) SELECT * FROM c)",
    "SELECT (SELECT max(x) FROM t), ((SELECT 1) + 1) * 2, x IN ((SELECT 1) UNION (SELECT 2)), (((SELECT 1)))",
    "SELECT * FROM ((SELECT 1 AS a) UNION ALL (SELECT 2)) AS u LIMIT ALL",
    "SELECT date, year, month, version, rows, interval, timestamp, `order`, `from`, t.order FROM t",
    "SELECT interval - 3, date + 1, current_date, current_timestamp() FROM t",
    "SHOW TABLES",
    "SHOW TABLES IN silver LIKE 'o*'",
    "DESCRIBE TABLE EXTENDED gold.fact_orders",
    "DESCRIBE HISTORY gold.fact_orders LIMIT 3",
    "DESCRIBE QUERY SELECT 1",
    "EXPLAIN ANALYZE SELECT a FROM t WHERE b",
    "EXPLAIN SELECT 1",
]

@Suite("Round trip")
struct RoundTripTests {
    @Test("parse → print → parse gives the same tree, and printing is stable", arguments: roundTripCorpus)
    func roundTrip(sql: String) throws {
        let statement = try SQLParser.parseStatement(sql)
        let printed = SQLPrinter().print(statement)
        let reparsed = try SQLParser.parseStatement(printed)
        #expect(reparsed == statement, "printed: \(printed)")
        #expect(SQLPrinter().print(reparsed) == printed)
        // Fully parenthesized output means the same too.
        let explicit = SQLPrinter(parenthesizeAll: true).print(statement)
        #expect(try SQLParser.parseStatement(explicit) == statement, "parenthesized: \(explicit)")
    }

    @Test("canonical output of a few statements",
          arguments: [
              ("select a b from t x where not a=1 or b<>2", "SELECT a AS b FROM t AS x WHERE NOT a = 1 OR b <> 2"),
              ("SELECT a FROM t ORDER BY a nulls first limit 3", "SELECT a FROM t ORDER BY a NULLS FIRST LIMIT 3"),
              ("select 'it''s', x::int, -(1), - 1", #"SELECT 'it\'s', CAST(x AS INT), -(1), -1"#),
              ("select sum(x) over (order by d rows 2 preceding) from t",
               "SELECT sum(x) OVER (ORDER BY d ROWS BETWEEN 2 PRECEDING AND CURRENT ROW) FROM t"),
              ("SELECT `a b`, `select`, `1x`, _x, `x-y` FROM `t`", "SELECT `a b`, `select`, `1x`, _x, `x-y` FROM t"),
              ("SELECT (a OR b) AND c, a OR (b AND c), -(a + b), (a).b", "SELECT (a OR b) AND c, a OR b AND c, -(a + b), (a).b"),
          ])
    func canonicalOutput(sql: String, printed: String) throws {
        #expect(try canonical(sql) == printed)
    }
}
