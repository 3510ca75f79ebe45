import Foundation
import Generator
import Testing
@testable import Pipeline

/// The pipeline on generated data (every kind of dirt at the real data's rates):
/// conservation holds, and backfill + incremental equals one run over everything.
@Suite("Pipeline on generated data", .serialized)
struct GeneratedDataTests {
    static func config() -> GeneratorConfig {
        var config = GeneratorConfig(orders: 40_000)
        config.days = 40
        config.incrementalDays = 10
        config.compression = .zstd
        config.seed = 7
        return config
    }

    @Test("backfill then incremental = one run; rows conserved; a day delivered later changes only its month")
    func generated() async throws {
        let staged = try TestLake()
        _ = try await SourceGenerator.write(Self.config(), to: staged.source)
        // Move incremental_load aside, backfill, bring it back, run again.
        let incremental = staged.source + "/2_child_company/incremental_load"
        let parked = staged.root + "/parked"
        try FileManager.default.moveItem(atPath: incremental, toPath: parked)
        let parentIncremental = staged.source + "/1_parent_company/incremental_load"
        let parkedParent = staged.root + "/parked-parent"
        let hasParentIncremental = FileManager.default.fileExists(atPath: parentIncremental)
        if hasParentIncremental { try FileManager.default.moveItem(atPath: parentIncremental, toPath: parkedParent) }
        let first = try await staged.run()
        #expect(first.isConserved && first.committed)
        try FileManager.default.moveItem(atPath: parked, toPath: incremental)
        if hasParentIncremental { try FileManager.default.moveItem(atPath: parkedParent, toPath: parentIncremental) }
        let second = try await staged.run()
        #expect(second.isConserved && second.mode == .incremental && second.newFiles >= 10)
        let orders = try #require(second.flows.first { $0.table == "orders" })
        #expect(orders.quarantine["duplicate", default: 0] > 0, "the generator redelivers rows across days")

        let together = try TestLake()
        _ = try await SourceGenerator.write(Self.config(), to: together.source)
        let one = try await together.run()
        #expect(one.isConserved)
        #expect(try together.gold() == staged.gold())
        #expect(try together.rows(LakeCatalog.silverOrders).rowCount == staged.rows(LakeCatalog.silverOrders).rowCount)

        // One more day: only its month is recomputed, the rest of gold is untouched.
        let before = try staged.sortedRows(LakeCatalog.factOrders)
        let delivered = try await SourceGenerator.deliverMoreDays(1, after: Self.config(), to: staged.source)
        #expect(delivered.files.count == 1)
        let third = try await staged.run()
        #expect(third.newFiles == 1 && third.touchedMonths.count == 1)
        let month = try #require(third.touchedMonths.first)
        let after = try staged.sortedRows(LakeCatalog.factOrders)
        #expect(after.filter { $0.first ?? nil != month } == before.filter { $0.first ?? nil != month })
    }
}
