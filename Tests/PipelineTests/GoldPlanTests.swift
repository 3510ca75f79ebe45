import Foundation
import Generator
import Testing
import Workers
@testable import Pipeline

/// The gold stage as the plan it runs: the report keeps its tree with what each operator
/// did, and those figures agree with the tables the run committed.
@Suite("Gold plan", .serialized)
struct GoldPlanTests {
    @Test("the run report holds the gold plan; its sinks wrote the rows the commits report")
    func goldPlanReported() async throws {
        let lake = try TestLake()
        var config = GeneratorConfig(orders: 20_000)
        config.days = 60
        config.compression = .zstd
        _ = try await SourceGenerator.write(config, to: lake.source)
        let summary = try await lake.run()
        let gold = try #require(summary.plans?.first { $0.stage == "gold" }?.plan)
        #expect(gold.name == "TableWriteExec" && gold.detail.hasPrefix("gold/fact_orders_enriched"))
        #expect(gold.metrics.writtenRows == summary.rowsWritten["gold/fact_orders_enriched"])
        let factSink = try #require(Self.nodes(gold).first { $0.name == "TableWriteExec" && $0.detail.hasPrefix("gold/fact_orders,") })
        #expect(factSink.metrics.writtenRows == summary.rowsWritten["gold/fact_orders"])
        #expect(factSink.metrics.writtenRows == gold.metrics.writtenRows, "a backfill enriches every fact row")
        #expect(Self.nodes(gold).contains { $0.name == "RepartitionExec" && $0.partitions >= 2 })
        let text = PlanText.analyzed(gold)
        #expect(text.contains("HashJoinExec: left outer, broadcast") && text.contains("written=\(gold.metrics.writtenRows)"))

        // A dimension change: the untouched months are scanned from fact_orders, not rebuilt in one task.
        let customers = lake.source + "/2_child_company/incremental_load/customers"
        try FileManager.default.createDirectory(atPath: customers, withIntermediateDirectories: true)
        try "customer_id,customer_name,city\n789001,Fresh Mart,Bengaluru\n"
            .write(toFile: customers + "/customers_new.csv", atomically: true, encoding: .utf8)
        let second = try await lake.run()
        #expect(second.enrichedFullRefresh)
        let rebuild = try #require(second.plans?.first { $0.stage == "gold" }?.plan)
        let scan = try #require(Self.nodes(rebuild).first { $0.name == "DeltaScanExec" })
        #expect(scan.detail.contains("fact_orders") && scan.metrics.outputRows > 0)
        #expect(rebuild.metrics.writtenRows == summary.rowsWritten["gold/fact_orders"])
        #expect(try lake.rows(LakeCatalog.factOrdersEnriched).rowCount == lake.rows(LakeCatalog.factOrders).rowCount)
    }

    static func nodes(_ node: PlanNode) -> [PlanNode] { [node] + node.children.flatMap(nodes) }
}
