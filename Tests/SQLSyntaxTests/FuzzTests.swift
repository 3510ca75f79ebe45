import Columns
import SQLSyntax
import Testing

@Suite("Fuzz")
struct FuzzTests {
    private static let fragments = [
        "(", ")", "'", "\"", "`", ",", ";", ".", "*", "-", "--", "/*", "*/", "::", "||", "<=>", "\\", "\n", " ", "\t",
        "SELECT", "FROM", "WHERE", "JOIN", "ON", "OVER", "(SELECT", "CASE", "END", "WHEN", "INTERVAL", "DATE", "NOT",
        "IN", "BETWEEN", "AND", "OR", "1e", "1.5", ".5", "9999999999999999999999", "é", "😀", "\u{0}", "\u{A0}", "[",
        "]", "<", ">", "ARRAY<", "CAST(", "AS", "ROWS", "UNBOUNDED", "VERSION AS OF", "r'", "\\u", "WITH", "UNION",
    ]

    /// Checks the parser's contract on one input: it returns statements that print and
    /// read back the same, or throws an error whose position lies inside the text.
    private func check(_ sql: String) {
        do {
            let statements = try SQLParser.parseScript(sql)
            for statement in statements {
                let printed = SQLPrinter().print(statement)
                let reparsed = try SQLParser.parseStatement(printed)
                #expect(reparsed == statement, "input: \(sql.debugDescription) printed: \(printed)")
            }
        } catch {
            let bytes = sql.utf8.count
            #expect(error.location.line >= 1 && error.location.column >= 1, "input: \(sql.debugDescription)")
            #expect(error.location.offset <= bytes, "input: \(sql.debugDescription)")
            #expect(!error.message.isEmpty)
            #expect(error.rendered.contains("^"))
        }
    }

    @Test("garbled queries never trap: each parses and round-trips, or throws a positioned SQLSyntaxError")
    func mutatedQueries() {
        var random = SplitMix64(seed: 12)
        for round in 0 ..< 4_000 {
            var scalars = Array(roundTripCorpus[round % roundTripCorpus.count].unicodeScalars)
            for _ in 0 ..< Int.random(in: 1 ... 4, using: &random) {
                let position = Int.random(in: 0 ... scalars.count, using: &random)
                switch Int.random(in: 0 ..< 4, using: &random) {
                case 0 where !scalars.isEmpty:  // delete a stretch
                    let end = min(scalars.count, position + Int.random(in: 1 ... 8, using: &random))
                    scalars.removeSubrange(min(position, end) ..< end)
                case 1:  // insert a fragment
                    let fragment = FuzzTests.fragments[Int.random(in: 0 ..< FuzzTests.fragments.count, using: &random)]
                    scalars.insert(contentsOf: fragment.unicodeScalars, at: position)
                case 2 where !scalars.isEmpty:  // duplicate a stretch
                    let start = min(position, scalars.count - 1)
                    let end = min(scalars.count, start + Int.random(in: 1 ... 12, using: &random))
                    scalars.insert(contentsOf: scalars[start ..< end], at: start)
                default:  // cut the text short
                    scalars.removeSubrange(position...)
                }
            }
            var text = String.UnicodeScalarView()
            text.append(contentsOf: scalars)
            check(String(text))
        }
    }

    @Test("random bytes and random token soup never trap")
    func randomInputs() {
        var random = SplitMix64(seed: 2_025)
        for _ in 0 ..< 1_500 {
            let bytes = (0 ..< Int.random(in: 0 ... 60, using: &random)).map { _ in UInt8.random(in: 0 ... 255, using: &random) }
            check(String(decoding: bytes, as: UTF8.self))
            let soup = (0 ..< Int.random(in: 1 ... 30, using: &random)).map { _ in
                FuzzTests.fragments[Int.random(in: 0 ..< FuzzTests.fragments.count, using: &random)]
            }
            check(soup.joined(separator: Bool.random(using: &random) ? " " : ""))
        }
    }
}
