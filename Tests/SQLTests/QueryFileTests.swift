import LakeFixtures
import Foundation
import SQL
import TestSupport
import Testing

/// Every `Tests/SQLTests/Queries/*.test` file, run against the sample lake.
@Suite struct QueryFileTests {
    static let folder = TestPaths.repoRoot.appendingPathComponent("Tests/SQLTests/Queries").path

    static var files: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: folder)) ?? []).filter { $0.hasSuffix(".test") }.sorted()
    }

    @Test func thereAreQueryFiles() {
        #expect(Self.files.count >= 5)
    }

    @Test(arguments: files)
    func queryFile(_ name: String) async throws {
        let text = try String(contentsOfFile: Self.folder + "/" + name, encoding: .utf8)
        let test = try SQLLogicTest(file: name, text: text)
        let engine = SQLEngine(lake: try await SampleLake.shared.path(), workers: 2)
        #expect(!test.records.isEmpty)
        for record in test.records {
            let place = "\(name):\(record.line)"
            switch record.kind {
            case .statementOK:
                do { _ = try await engine.run(record.sql) } catch {
                    Issue.record("\(place): expected success, got \(error.rendered)")
                }
            case .statementError:
                do {
                    _ = try await engine.run(record.sql)
                    Issue.record("\(place): expected an error, the statement succeeded")
                } catch {
                    let wanted = record.expected.joined(separator: "\n")
                    #expect(error.rendered.contains(wanted), "\(place): error was\n\(error.rendered)\nexpected it to contain\n\(wanted)")
                }
            case let .query(types, rowSort):
                let result: SQLResult
                do { result = try await engine.run(record.sql) } catch {
                    Issue.record("\(place): \(error.rendered)")
                    continue
                }
                if !types.isEmpty {
                    #expect(result.schema.count == types.count, "\(place): \(result.schema.count) columns, the header says \(types.count)")
                }
                var lines = result.rows().map { row in
                    row.map { value in value.map { $0.isEmpty ? "(empty)" : $0 } ?? "NULL" }.joined(separator: "\t")
                }
                var expected = record.expected
                if rowSort {
                    lines.sort()
                    expected.sort()
                }
                #expect(lines == expected, "\(place):\n\(record.sql)\ngot:\n\(lines.joined(separator: "\n"))\nexpected:\n\(expected.joined(separator: "\n"))")
            }
        }
    }
}
