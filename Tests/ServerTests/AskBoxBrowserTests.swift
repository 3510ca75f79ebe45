import Foundation
import HummingbirdTesting
import Server
import Testing
import TestSupport

/// The served page's ask box in headless Chromium (Playwright; requests to other origins
/// blocked): a question shows its interpretation, SQL and table; a follow-up uses the
/// context; a refusal's suggestion, clicked, is asked.
@Suite struct AskBoxBrowserTests {
    static let script = PythonScript(path: TestPaths.repoRoot.appendingPathComponent("Tests/ServerTests/ask_box_check.py").path,
                                     accepts: { $0.contains("ok") })

    struct Report: Decodable {
        struct Shown: Decodable { var interpretation: String; var sql: String; var header: [String]; var rows: [[String]] }
        var errors: [String]
        var blocked: [String]
        var first: Shown
        var follow_up: Shown
        var refusal: String
        var suggestions: [String]
        var after_suggestion: Shown
        var input_after_suggestion: String
    }

    @Test func theAskBoxAnswersFollowsUpAndAsksASuggestion() async throws {
        guard Self.script.isAvailable else {
            Issue.record(Comment(rawValue: "the ask box test needs Playwright (scripts/python-env.sh) and /usr/bin/chromium "
                + "(scripts/install-deps.sh); set MEDALLION_PYTHON to the venv's python"))
            return
        }
        let lake = try await ServerHarness.sampleLake()
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("ask-box-\(getpid()).json").path
        defer { try? FileManager.default.removeItem(atPath: out) }
        // Not beside the timeout test: Chromium takes the cores its bound needs.
        try await Exclusive.cores.run { try await ServerHarness.with(ServerHarness.configuration(lake: lake), dashboard: LakeServer.dashboard(lake: lake), .live) { client in
            let port = try #require(client.port)
            // Started, not run: the test's own thread must not block while the server answers the browser.
            let browser = try Self.script.start(["run", "http://127.0.0.1:\(port)/", out], log: out + ".log")
            while browser.isRunning { try await Task.sleep(for: .milliseconds(200)) }
            let log = (try? String(contentsOfFile: out + ".log", encoding: .utf8)) ?? ""
            try? FileManager.default.removeItem(atPath: out + ".log")
            #expect(browser.terminationStatus == 0, "\(log)")
        } }
        let report = try JSONDecoder().decode(Report.self, from: Data(contentsOf: URL(fileURLWithPath: out)))
        #expect(report.errors.isEmpty, "\(report.errors)")
        #expect(report.blocked.isEmpty, "\(report.blocked)")
        #expect(report.first.interpretation.hasPrefix("revenue by channel, 2025"), "\(report.first.interpretation)")
        #expect(report.first.sql.contains("gold.fact_orders_enriched"))
        #expect(report.first.header == ["channel", "revenue"])
        #expect(report.first.rows.count > 1 && report.first.rows.allSatisfy { $0.count == 2 }, "\(report.first.rows)")
        #expect(report.follow_up.interpretation.hasPrefix("revenue by channel, 2024"), "\(report.follow_up.interpretation)")
        #expect(report.follow_up.rows != report.first.rows)
        #expect(report.refusal.contains("colour"), "\(report.refusal)")
        #expect(!report.suggestions.isEmpty)
        #expect(report.input_after_suggestion == report.suggestions.first)
        #expect(!report.after_suggestion.rows.isEmpty)
    }
}
