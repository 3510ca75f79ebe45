import Foundation

/// The sqllogictest format DuckDB and DataFusion use, the subset these files need:
///
///     # a comment
///     query ITR [rowsort]
///     SELECT …
///     ----
///     value<TAB>value…
///
///     statement error
///     SELECT …
///     ----
///     <text the error message contains>
///
/// Values print as medallion's text (dates yyyy-MM-dd, decimals at their scale), NULL as
/// `NULL`, an empty string as `(empty)`. Expected results of `query` blocks are written by
/// `Tests/SQLTests/expected.py` from DuckDB over the same Delta tables; a
/// `# duckdb: …` line before a block gives DuckDB's spelling of the query when the
/// dialects differ.
struct SQLLogicTest: Sendable {
    enum Kind: Sendable { case query(types: String, rowSort: Bool), statementOK, statementError }

    struct Record: Sendable {
        var kind: Kind
        var sql: String
        var expected: [String]
        /// 1-based line of the record's first line in its file.
        var line: Int
    }

    var file: String
    var records: [Record]

    init(file: String, text: String) throws {
        self.file = file
        var records: [Record] = []
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var i = 0
        while i < lines.count {
            let header = lines[i].trimmingCharacters(in: .whitespaces)
            if header.isEmpty || header.hasPrefix("#") { i += 1; continue }
            let start = i + 1
            let words = header.split(separator: " ").map(String.init)
            let kind: Kind
            switch words.first {
            case "query": kind = .query(types: words.count > 1 ? words[1] : "", rowSort: words.contains("rowsort"))
            case "statement" where words.count > 1 && words[1] == "ok": kind = .statementOK
            case "statement" where words.count > 1 && words[1] == "error": kind = .statementError
            default: throw Failure("\(file):\(start): unknown record '\(header)'")
            }
            i += 1
            var sql: [String] = []
            while i < lines.count, lines[i] != "----", !lines[i].trimmingCharacters(in: .whitespaces).isEmpty {
                sql.append(lines[i])
                i += 1
            }
            var expected: [String] = []
            if i < lines.count, lines[i] == "----" {
                i += 1
                while i < lines.count, !lines[i].isEmpty {
                    expected.append(lines[i])
                    i += 1
                }
            }
            records.append(Record(kind: kind, sql: sql.joined(separator: "\n"), expected: expected, line: start))
        }
        self.records = records
    }

    struct Failure: Error, CustomStringConvertible {
        var description: String
        init(_ description: String) { self.description = description }
    }
}
