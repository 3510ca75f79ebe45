import Ask
import Foundation
import Testing
import TestSupport

/// Every golden answer's SQL runs unchanged in DuckDB (through the interop venv) over the
/// same lake and gives the same rows: the SQL `ask` writes is in the common subset of
/// Spark SQL and DuckDB.
@Suite("Ask SQL runs in DuckDB")
struct DuckDBCrossCheckTests {
    static let script = PythonScript(
        path: TestPaths.repoRoot.appendingPathComponent("Tests/AskTests/duckdb_check.py").path,
        accepts: { $0.hasPrefix("ok duckdb") })

    @Test("the golden answers' SQL gives the same rows in DuckDB")
    func sameRows() async throws {
        guard Self.script.isAvailable else {
            Issue.record("no Python with duckdb and deltalake: run scripts/python-env.sh (or set MEDALLION_PYTHON)")
            return
        }
        let lake = try await AskFixture.shared.lake()
        var answers: [Answer] = []
        for golden in try GoldenQuestion.all() where golden.refuse == nil {
            answers.append(try await AskFixture.shared.answer(golden))
        }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("ask-duckdb-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        let input = folder.appendingPathComponent("sql.json"), output = folder.appendingPathComponent("rows.json")
        try JSONEncoder().encode(answers.map(\.sql)).write(to: input)
        _ = try Self.script.run(["run", lake, input.path, output.path])

        struct Outcome: Decodable { var rows: [[String?]]?; var error: String? }
        let outcomes = try JSONDecoder().decode([Outcome].self, from: Data(contentsOf: output))
        #expect(outcomes.count == answers.count)
        var compared = 0
        for (answer, outcome) in zip(answers, outcomes) {
            guard let rows = outcome.rows else {
                Issue.record("\(answer.question): DuckDB refuses the SQL: \(outcome.error ?? "?")\n  \(answer.sql)")
                continue
            }
            // Rounded ratios and percentages DuckDB computes in DOUBLE may differ in the last place.
            let ordered = answer.sql.contains(" ORDER BY ")
            #expect(CellCompare.rowsEqual(answer.result.rows(), rows, ordered: ordered, slack: 0.0101),
                    "\(answer.question)\n  sql: \(answer.sql)\n  medallion: \(answer.result.rows().prefix(8))\n  duckdb: \(rows.prefix(8))")
            compared += 1
        }
        #expect(compared >= 120)
    }
}
