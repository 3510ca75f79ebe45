import SQLSyntax
import Testing

@Suite("Statements")
struct StatementTests {
    @Test("SHOW TABLES [IN | FROM layer] [[LIKE] 'pattern']",
          arguments: [
              ("SHOW TABLES", Statement.Kind.showTables(in: nil, pattern: nil)),
              ("show tables in silver", .showTables(in: QualifiedName("silver"), pattern: nil)),
              ("SHOW TABLES FROM gold LIKE 'fact*'", .showTables(in: QualifiedName("gold"), pattern: "fact*")),
              ("SHOW TABLES 'dim*';", .showTables(in: nil, pattern: "dim*")),
          ])
    func showTables(sql: String, kind: Statement.Kind) throws {
        #expect(try SQLParser.parseStatement(sql).kind == kind)
    }

    @Test("DESCRIBE a table, its history, or a query",
          arguments: [
              ("DESCRIBE gold.fact_orders", Statement.Kind.describeTable(QualifiedName("gold", "fact_orders"), extended: false)),
              ("DESC TABLE t", .describeTable(QualifiedName("t"), extended: false)),
              ("DESCRIBE TABLE EXTENDED silver.orders", .describeTable(QualifiedName("silver", "orders"), extended: true)),
              ("DESCRIBE history", .describeTable(QualifiedName("history"), extended: false)),
              ("DESCRIBE table", .describeTable(QualifiedName("table"), extended: false)),
              ("DESCRIBE HISTORY gold.fact_orders", .describeHistory(QualifiedName("gold", "fact_orders"), limit: nil)),
              ("DESCRIBE HISTORY t LIMIT 5", .describeHistory(QualifiedName("t"), limit: 5)),
          ])
    func describe(sql: String, kind: Statement.Kind) throws {
        #expect(try SQLParser.parseStatement(sql).kind == kind)
    }

    @Test("DESCRIBE [QUERY] and EXPLAIN [ANALYZE | EXTENDED | FORMATTED] take a query")
    func describeQueryAndExplain() throws {
        guard case .describeQuery(let query) = try SQLParser.parseStatement("DESCRIBE QUERY SELECT a FROM t").kind else {
            Issue.record("DESCRIBE QUERY"); return
        }
        #expect(query.description == "SELECT a FROM t")
        guard case .describeQuery = try SQLParser.parseStatement("DESC SELECT 1").kind else { Issue.record("DESC SELECT"); return }
        guard case .explain(let explained, .analyze) = try SQLParser.parseStatement(
            "EXPLAIN ANALYZE WITH x AS (SELECT 1 AS a) SELECT a FROM x").kind
        else { Issue.record("EXPLAIN ANALYZE"); return }
        #expect(explained.ctes.count == 1)
        #expect(try canonical("explain select 1") == "EXPLAIN SELECT 1")
        #expect(try canonical("EXPLAIN FORMATTED SELECT 1") == "EXPLAIN FORMATTED SELECT 1")
        #expect(syntaxError("EXPLAIN SHOW TABLES")?.message == "expected a query after EXPLAIN, found 'SHOW'")
        #expect(syntaxError("EXPLAIN CODEGEN SELECT 1")?.message == "EXPLAIN CODEGEN is not supported")
    }

    @Test("a script: statements split at ';', empty ones skipped, each with its range in the text")
    func script() throws {
        let sql = "SHOW TABLES;\n;  SELECT 1 AS one ; -- done\n/* last */ DESCRIBE t"
        let statements = try SQLParser.parseScript(sql)
        #expect(statements.count == 3)
        let bytes = Array(sql.utf8)
        let texts = statements.map { String(decoding: bytes[$0.range.offsets], as: UTF8.self) }
        #expect(texts == ["SHOW TABLES", "SELECT 1 AS one", "DESCRIBE t"])
        #expect(statements[1].location == SourceLocation(line: 2, column: 4, offset: 16))
        #expect(statements[2].range.end == SourceLocation(line: 3, column: 22, offset: bytes.count))
        #expect(try SQLParser.parseScript("").isEmpty)
        #expect(try SQLParser.parseScript(" ;; -- nothing\n").isEmpty)
    }

    @Test("parseStatement takes exactly one statement")
    func singleStatement() throws {
        #expect(try SQLParser.parseStatement("SELECT 1;;").kind == SQLParser.parseStatement("SELECT 1").kind)
        let error = try #require(syntaxErrorOfStatement("SELECT 1; SELECT 2"))
        #expect(error.description == "line 1:11: expected end of input after the statement (one statement only), found 'SELECT'")
        #expect(syntaxErrorOfStatement("")?.message
            == "expected a statement (SELECT, WITH, SHOW TABLES, DESCRIBE or EXPLAIN), found end of input")
    }

    @Test("DDL and DML are refused: medallion sql only reads",
          arguments: [
              ("INSERT INTO t VALUES (1)", "INSERT"), ("create table t (a int)", "CREATE"), ("DROP TABLE t", "DROP"),
              ("UPDATE t SET a = 1", "UPDATE"), ("DELETE FROM t", "DELETE"), ("MERGE INTO t USING s ON t.k = s.k", "MERGE"),
              ("ALTER TABLE t ADD COLUMN b INT", "ALTER"), ("TRUNCATE TABLE t", "TRUNCATE"), ("OPTIMIZE t", "OPTIMIZE"),
              ("VACUUM t", "VACUUM"), ("WITH x AS (SELECT 1) INSERT INTO t SELECT * FROM x", "INSERT"),
              ("EXPLAIN DELETE FROM t", "DELETE"), ("SELECT 1; DROP TABLE gold.fact_orders", "DROP"),
          ])
    func readOnly(sql: String, word: String) {
        #expect(syntaxError(sql)?.message == "medallion sql is read-only: \(word) is not supported")
    }

    @Test("other statements are named as unsupported")
    func otherStatements() {
        #expect(syntaxError("SET spark.sql.ansi.enabled = true")?.message
            == "SET is not supported: medallion sql runs queries (SELECT, WITH), SHOW TABLES, DESCRIBE and EXPLAIN")
        #expect(syntaxError("SHOW DATABASES")?.message == "expected TABLES, found 'DATABASES'")
        #expect(syntaxError("VALUES (1, 2)")?.message
            == "VALUES is not supported: medallion sql runs queries (SELECT, WITH), SHOW TABLES, DESCRIBE and EXPLAIN")
    }

    private func syntaxErrorOfStatement(_ sql: String) -> SQLSyntaxError? {
        do {
            _ = try SQLParser.parseStatement(sql)
            return nil
        } catch {
            return error
        }
    }
}
