import Dashboard
import Foundation
import LakeFixtures
import SQL
import Testing
import TestSupport

/// The page in headless Chromium (Playwright, every network request blocked): it starts
/// without console errors, its KPI tiles equal the SQL engine's and DuckDB's answers for
/// all years and for year 2025 chosen in the year filter, and its charts draw.
@Suite("Dashboard page in Chromium", .serialized)
struct DashboardPageTests {
    static let script = PythonScript(path: TestPaths.repoRoot.appendingPathComponent("Tests/DashboardTests/page_check.py").path,
                                     accepts: { $0.contains("ok") })

    struct Report: Decodable {
        var console_errors: [String]
        var blocked_requests: [String]
        var ready_seconds: Double
        var lake_version: String?
        var run: String?
        var kpis_all: [String: String?]
        var kpis_2025: [String: String?]
        var charts_all: [String: Chart]
        var charts_2025: [String: Chart]
        var year_options: [String]
        var filters: [String]
        var csv_channel_2025: String
        var cross_filter: CrossFilter
        var duckdb_all: [String: Value]
        var duckdb_2025: [String: Value]
        var screenshot: String

        struct Chart: Decodable { var points: Int; var painted: Bool }
        struct CrossFilter: Decodable { var clicked: String?; var channel_select: String; var kpis: [String: String?] }
        enum Value: Decodable {
            case text(String), number(Double)
            init(from decoder: any Decoder) throws {
                let container = try decoder.singleValueContainer()
                if let text = try? container.decode(String.self) { self = .text(text) } else { self = .number(try container.decode(Double.self)) }
            }
            var text: String? { if case let .text(t) = self { t } else { nil } }
            var number: Double? { if case let .number(n) = self { n } else { nil } }
        }
    }

    /// The KPIs as the SQL engine computes them (one DISTINCT aggregate per query).
    static func sqlKPIs(_ engine: SQLEngine, where condition: String) async throws -> [String: String] {
        let sums = try await engine.run("SELECT sum(total_amount_inr), sum(sold_quantity) FROM gold.fact_orders_enriched \(condition)").rows()
        let customers = try await engine.run("SELECT count(DISTINCT customer_code) FROM gold.fact_orders_enriched \(condition)").rows()
        return ["revenue": sums.first?[0] ?? "", "quantity": sums.first?[1] ?? "", "customers": customers.first?[0] ?? ""]
    }

    @Test("KPIs equal SQL and DuckDB for all years and for 2025; 8+ charts draw; no console errors, no network")
    func pageInChromium() async throws {
        guard Self.script.isAvailable else {
            Issue.record(Comment(rawValue: "the page test needs Playwright (scripts/python-env.sh), deltalake, duckdb and "
                + "/usr/bin/chromium (scripts/install-deps.sh); set MEDALLION_PYTHON to the venv's python"))
            return
        }
        let lake = try await SampleLake.shared.path()
        let engine = try DashboardEngine.make(lake: lake, workers: 2)
        let html = try await DashboardPage.render(engine: engine, lake: lake, definition: try DashboardDefinition.sportsBarDefault)
        let folder = TestPaths.repoRoot.appendingPathComponent(".build-artifacts").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let page = folder + "/dashboard-sample.html"
        try Data(html.utf8).write(to: URL(fileURLWithPath: page))
        let screenshot = folder + "/dashboard-sample.png"
        let output = try Self.script.run(["run", page, lake, screenshot])
        let report = try JSONDecoder().decode(Report.self, from: Data(output.utf8))
        print("dashboard page: ready in \(report.ready_seconds) s; screenshot \(report.screenshot)")

        #expect(report.console_errors.isEmpty, "console errors: \(report.console_errors)")
        #expect(report.blocked_requests.isEmpty, "the page asked the network for: \(report.blocked_requests)")
        #expect(report.filters == ["year", "quarter", "month", "company", "market", "platform", "channel", "division", "category", "product"])
        #expect(report.year_options.contains("2025"))
        let version = try LakeVersion.current(lake: lake)
        #expect(report.lake_version == version.version.map(String.init))

        for (label, page, condition, duck) in [("all years", report.kpis_all, "", report.duckdb_all),
                                                ("2025", report.kpis_2025, "WHERE year = 2025", report.duckdb_2025)] {
            let sql = try await Self.sqlKPIs(engine, where: condition)
            for kpi in ["revenue", "quantity", "customers"] {
                #expect(page[kpi] ?? nil == sql[kpi], "\(label) \(kpi): page \(String(describing: page[kpi])) vs SQL \(String(describing: sql[kpi]))")
                #expect(duck[kpi]?.text == sql[kpi], "\(label) \(kpi): DuckDB \(String(describing: duck[kpi])) vs SQL \(String(describing: sql[kpi]))")
            }
            let revenue = Double(sql["revenue"] ?? "") ?? .nan, quantity = Double(sql["quantity"] ?? "") ?? .nan
            let asp = Double((page["asp"] ?? nil) ?? "") ?? .nan
            #expect(abs(asp - revenue / quantity) <= 1e-9 * abs(revenue / quantity), "\(label) asp \(asp) vs \(revenue / quantity)")
            #expect(abs((duck["asp"]?.number ?? .nan) - asp) <= 1e-9 * abs(asp))
        }
        #expect(report.kpis_all["revenue"] != report.kpis_2025["revenue"], "the year filter changed nothing")

        for (label, charts) in [("all years", report.charts_all), ("2025", report.charts_2025)] {
            let drawn = charts.filter { $0.value.points > 0 && $0.value.painted }
            #expect(drawn.count >= 8, "\(label): charts drawn \(drawn.keys.sorted()) of \(charts.keys.sorted())")
        }

        // The CSV of the channel table under year 2025 adds up to the 2025 revenue.
        let lines = report.csv_channel_2025.split(separator: "\n").map { $0.split(separator: ",", omittingEmptySubsequences: false) }
        #expect(lines.first == ["channel", "revenue", "quantity", "asp"])
        let csvCents = lines.dropFirst().compactMap { $0.count > 1 ? Self.cents(String($0[1])) : nil }.reduce(0, +)
        #expect(csvCents == Self.cents((report.kpis_2025["revenue"] ?? nil) ?? ""))

        // A click on a donut slice sets the channel filter and the KPIs follow it.
        let clicked = try #require(report.cross_filter.clicked)
        #expect(report.cross_filter.channel_select == clicked)
        let filtered = try await Self.sqlKPIs(engine, where: "WHERE year = 2025 AND channel = '\(clicked)'")
        #expect(report.cross_filter.kpis["revenue"] ?? nil == filtered["revenue"])
        #expect(report.cross_filter.kpis["customers"] ?? nil == filtered["customers"])
    }

    static func cents(_ text: String) -> Int64 {
        let parts = text.split(separator: ".")
        guard let whole = Int64(parts.first ?? "") else { return 0 }
        let fraction = parts.count > 1 ? Int64(String(parts[1]).padding(toLength: 2, withPad: "0", startingAt: 0)) ?? 0 : 0
        return whole * 100 + (whole < 0 ? -fraction : fraction)
    }
}
