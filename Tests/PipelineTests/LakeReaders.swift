import Foundation
import Testing
import TestSupport

/// Every table of a lake read by delta-rs, pyarrow and DuckDB (`lake_check.py`).
enum LakeReaders {
    static let script = PythonScript(
        path: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("lake_check.py").path
    ) { $0.contains("\"ok\": true") }

    static func expectReadable(_ lake: String, context: String) throws {
        guard script.isAvailable else {
            if ProcessInfo.processInfo.environment["CI"] != nil { Issue.record("no Python with deltalake, pyarrow and duckdb in CI") }
            return
        }
        let answer = try JSONSerialization.jsonObject(with: Data(script.run(["read", lake]).utf8)) as? [String: [String: Any]] ?? [:]
        #expect(!answer.isEmpty, "\(context): no tables found")
        for (table, entry) in answer.sorted(by: { $0.key < $1.key }) {
            let errors = entry["errors"] as? [String] ?? []
            #expect(errors.isEmpty, "\(context): \(table): \(errors.joined(separator: "; ").prefix(1000))")
            let counts = ["deltalake", "pyarrow", "duckdb"].map { entry[$0] as? Int }
            #expect(Set(counts).count == 1 && counts[0] != nil, "\(context): \(table) rows per reader: \(counts)")
        }
    }
}
