import Testing
import SQLShell

@Suite("StatementSplitter: lines to statements ending in ;")
struct StatementSplitterTests {
    private func split(_ lines: [String]) -> (statements: [String], needsMore: Bool) {
        var splitter = StatementSplitter()
        let statements = lines.flatMap { splitter.add(line: $0) }
        return (statements, splitter.needsMore)
    }

    @Test("a statement over several lines ends at its ;, line breaks kept")
    func multiLine() {
        var splitter = StatementSplitter()
        #expect(splitter.add(line: "SELECT channel,") == [])
        #expect(splitter.needsMore)
        #expect(splitter.add(line: "  count(*)") == [])
        #expect(splitter.add(line: "FROM gold.fact_orders_enriched GROUP BY 1;") ==
            ["SELECT channel,\n  count(*)\nFROM gold.fact_orders_enriched GROUP BY 1;"])
        #expect(!splitter.needsMore)
    }

    @Test("several statements on one line; what follows the last ; starts the next")
    func severalOnALine() {
        let result = split(["SELECT 1; SELECT 2;SELECT", "3;"])
        #expect(result.statements == ["SELECT 1;", " SELECT 2;", "SELECT\n3;"])
        #expect(!result.needsMore)
    }

    @Test("a ; inside a string, a back-quoted name or a comment does not end the statement",
          arguments: [
              ["SELECT 'a;b'", ";"], ["SELECT \"a;b\"", ";"], ["SELECT 1 AS `a;b`", ";"],
              ["SELECT 1 -- not here;", ";"], ["SELECT /* not; here */ 1", ";"],
              ["SELECT 'it''s;'", ";"], ["SELECT 'it\\'s;'", ";"], ["SELECT /* a /* nested; */ still; */ 1", ";"],
              ["SELECT 'two", "lines;'", ";"],
          ])
    func quoted(lines: [String]) {
        let result = split(lines)
        #expect(result.statements.count == 1, "\(result.statements)")
        #expect(result.statements.first == lines.joined(separator: "\n"))
    }

    @Test("a raw string keeps its backslash: r'a\\' ends at the quote")
    func rawString() {
        #expect(split(["SELECT r'a\\';"]).statements == ["SELECT r'a\\';"])
        #expect(split(["SELECT 'a\\';"]).needsMore)  // not raw: \' is an escaped quote
        #expect(split(["SELECT bar'a\\';"]).needsMore)  // bar' is not a raw-string prefix
    }

    @Test("blank lines, lone ;s and comments alone neither run nor wait for more")
    func empty() {
        #expect(split(["", "   ", ";", " ; ;", "-- a comment"]) == ([], false))
        let open = split(["/* a comment", "still"])
        #expect(open.statements.isEmpty && open.needsMore)
        #expect(split(["/* a comment", "done */"]) == ([], false))
    }

    @Test("reset drops the unfinished statement")
    func reset() {
        var splitter = StatementSplitter()
        _ = splitter.add(line: "SELECT 'open")
        #expect(splitter.needsMore)
        splitter.reset()
        #expect(!splitter.needsMore)
        #expect(splitter.add(line: "SELECT 1;") == ["SELECT 1;"])
    }
}
