import SQLSyntax
import Testing

@Suite("Limits")
struct LimitTests {
    private func nested(_ levels: Int, _ inner: String = "1") -> String {
        String(repeating: "(", count: levels) + inner + String(repeating: ")", count: levels)
    }

    @Test("parentheses nest up to the limit, and past it give an error instead of a crash")
    func parentheses() throws {
        #expect(try SQLParser.parseExpression(nested(200)) == integer("1"))
        let error = try #require(syntaxError("SELECT " + nested(300)))
        #expect(error.message == "expression nested too deeply (limit 256)")
        #expect(error.location.line == 1)
        #expect(syntaxError("SELECT " + nested(100_000))?.message == "expression nested too deeply (limit 256)")
        #expect(syntaxError("SELECT " + String(repeating: "(", count: 100_000))?.message == "expression nested too deeply (limit 256)")
    }

    @Test("prefix operator chains and nested calls are bounded the same way")
    func prefixChains() throws {
        #expect(syntaxError("SELECT " + String(repeating: "NOT ", count: 50_000) + "x")?.message
            == "expression nested too deeply (limit 256)")
        #expect(syntaxError("SELECT " + String(repeating: "~ ", count: 1_000) + "x")?.message
            == "expression nested too deeply (limit 256)")
        #expect(syntaxError("SELECT " + String(repeating: "f(", count: 1_000) + String(repeating: ")", count: 1_000))?.message
            == "expression nested too deeply (limit 256)")
        #expect(syntaxError("SELECT CAST(x AS " + String(repeating: "ARRAY<", count: 1_000) + "INT" + String(repeating: ">", count: 1_000) + ")")?.message
            == "data type nested too deeply (limit 256)")
    }

    @Test("subqueries nest up to the limit")
    func subqueries() throws {
        let deep = String(repeating: "SELECT * FROM (", count: 1_000) + "SELECT 1" + String(repeating: ")", count: 1_000)
        #expect(syntaxError(deep)?.message == "query nested too deeply (limit 256)")
        let fine = String(repeating: "SELECT * FROM (", count: 60) + "SELECT 1" + String(repeating: ")", count: 60)
        #expect(syntaxError(fine) == nil)
    }

    @Test("trees at the maximum height parse, print, compare, hash and reparse; one level more is refused",
          arguments: ["x = 1 OR ", "x::INT", "a IS NULL", "a[0]", "NOT "])
    func maximumHeight(shape: String) throws {
        // Grow the chain until the parser refuses it, then check the tallest accepted one.
        func chain(_ count: Int) -> String {
            switch shape {
            case "x::INT": "SELECT x" + String(repeating: "::INT", count: count)
            case "a IS NULL": "SELECT a" + String(repeating: " IS NULL", count: count)
            case "a[0]": "SELECT a" + String(repeating: "[0]", count: count)
            case "NOT ": "SELECT " + String(repeating: "NOT ", count: count) + "x"
            default: "SELECT * FROM t WHERE " + (0 ... count).map { "x = \($0)" }.joined(separator: " OR ")
            }
        }
        var count = 1  // accepted
        var tooMany = 2 * SQLParser.maximumHeight  // refused
        #expect(syntaxError(chain(count)) == nil && syntaxError(chain(tooMany)) != nil)
        while tooMany - count > 1 {
            let middle = (count + tooMany) / 2
            if syntaxError(chain(middle)) == nil { count = middle } else { tooMany = middle }
        }
        #expect(count > 200)
        let refused = try #require(syntaxError(chain(count + 1)))
        #expect(refused.message.contains("nested too deeply"))
        let statement = try SQLParser.parseStatement(chain(count))
        let printed = SQLPrinter().print(statement)
        let reparsed = try SQLParser.parseStatement(printed)
        #expect(reparsed == statement)
        var left = Hasher(), right = Hasher()
        left.combine(statement)
        right.combine(reparsed)
        #expect(left.finalize() == right.finalize())
        if case .query(let query) = statement.kind { #expect(query.height <= SQLParser.maximumHeight) }
    }

    @Test("a chain far past the limit is refused, not a crash")
    func farTooLong() throws {
        let tooLong = "SELECT " + (0 ..< 50_000).map { "a\($0)" }.joined(separator: " + ")
        #expect(syntaxError(tooLong)?.message
            == "expression nested too deeply (limit \(SQLParser.maximumHeight) levels of operators and subqueries)")
        #expect(syntaxError("SELECT x" + String(repeating: "::INT", count: 50_000))?.message.contains("nested too deeply") == true)
    }

    @Test("long chains of set operations and joins are bounded by height too")
    func longQueryChains() throws {
        let unions = (0 ..< 300).map { "SELECT \($0)" }.joined(separator: " UNION ALL ")
        #expect(try SQLParser.parseQuery(unions).height > 300)
        let tooMany = (0 ..< 5_000).map { "SELECT \($0)" }.joined(separator: " UNION ALL ")
        #expect(syntaxError(tooMany)?.message.hasPrefix("query nested too deeply") == true)
        let joins = "SELECT * FROM t0" + (1 ..< 5_000).map { " JOIN t\($0) ON k" }.joined()
        #expect(syntaxError(joins)?.message.hasPrefix("join nested too deeply") == true)
    }

    @Test("long flat lists are not nesting: 20,000 IN values and 2,000 select items")
    func wideLists() throws {
        let values = (0 ..< 20_000).map(String.init).joined(separator: ", ")
        guard case .inList(_, let list, _) = try SQLParser.parseExpression("x IN (\(values))").kind else {
            Issue.record("an IN list"); return
        }
        #expect(list.count == 20_000)
        let select = try select("SELECT " + (0 ..< 2_000).map { "c\($0)" }.joined(separator: ", ") + " FROM t")
        #expect(select.items.count == 2_000)
    }
}
