import Foundation
import Columns
import Testing
import Workers
@testable import Pipeline
@testable import SportsBar

/// Rules §6 through `medallion run` on the lake: every number asserted from the run
/// reports and from the tables as committed.
@Suite("Pipeline runs on the real data (Rules §6)", .serialized)
struct RealDataRunTests {
    @Test("backfill of full_load, then the incremental files")
    func backfillThenIncremental() async throws {
        let lake = try TestLake()
        try lake.deliver(RealData.isFullLoad)
        let first = try await lake.run()
        #expect(first.mode == .backfill && first.committed && first.batchId == 1)
        #expect(first.isConserved)

        let orders = try #require(first.flows.first { $0.table == "orders" })
        #expect(orders.rowsRead == 51_810)
        #expect(orders.quarantine["missing_quantity"] == 2_607)
        #expect(orders.quarantine["duplicate"] == 3_616)
        #expect(orders.quarantine["unknown_product"] == 4_776)
        #expect(orders.silverRows == 40_811)
        #expect(orders.customerRepaired == 4_943)

        let silver = try lake.rows(LakeCatalog.silverOrders)
        #expect(silver.rowCount == 40_811)
        #expect(texts(silver, "customer_id").filter { $0 == "999999" }.count == 4_119)
        #expect(Set(texts(silver, "_batch_id")) == ["1"])
        let childMonthly = try FactOrders.childMonthly(silverOrders: [silver])
        #expect(childMonthly.rowCount == 3_060)
        #expect(try sum(childMonthly, "sold_quantity") == 9_383_928)
        #expect(Set(texts(childMonthly, "date")) == ["2025-07-01", "2025-08-01", "2025-09-01", "2025-10-01", "2025-11-01"])

        #expect(try lake.rows(LakeCatalog.silverCustomers).rowCount == 35)
        #expect(try lake.rows(LakeCatalog.silverProducts).rowCount == 18)
        #expect(try DimGrossPrice.childYearly(lake.rows(LakeCatalog.silverGrossPrice)).rowCount == 17)
        #expect(try lake.rows(LakeCatalog.dimCustomers).rowCount == 53)
        #expect(try lake.rows(LakeCatalog.dimProducts).rowCount == 415)
        #expect(try lake.rows(LakeCatalog.dimGrossPrice).rowCount == 811)
        #expect(try lake.rows(LakeCatalog.factOrders).rowCount == 96_115)
        #expect(try lake.rows(LakeCatalog.factOrdersEnriched).rowCount == 96_115)
        // Quarantine holds exactly the rows the report counts.
        #expect(try lake.rows(LakeCatalog.quarantine(.orders)).rowCount == 51_810 - 40_811)

        try lake.deliver(RealData.isIncremental)
        let second = try await lake.run()
        #expect(second.mode == .incremental && second.batchId == 2 && second.newFiles == 32)
        #expect(second.isConserved)
        let newOrders = try #require(second.flows.first { $0.table == "orders" })
        #expect(newOrders.rowsRead == 9_967)
        #expect(newOrders.silverRows == 7_834)
        #expect(try #require(second.flows.first { $0.table == "parent_fact_orders" }).silverRows == 4_485)
        #expect(second.touchedMonths == ["2025-12-01"])
        #expect(!second.enrichedFullRefresh)

        let silverAfter = try lake.rows(LakeCatalog.silverOrders)
        #expect(silverAfter.rowCount == 40_811 + 7_834)
        let december = try FactOrders.childMonthly(silverOrders: [silverAfter], months: [days("2025-12-01")])
        #expect(december.rowCount == 612)
        #expect(try sum(december, "sold_quantity") == 1_827_212)
        let fact = try lake.rows(LakeCatalog.factOrders)
        #expect(fact.rowCount == 101_212)
        #expect(texts(fact, "customer_code").filter { $0 == "999999" }.count == 102)
        #expect(try lake.rows(LakeCatalog.factOrdersEnriched).rowCount == 101_212)
        let dimDate = try lake.rows(LakeCatalog.dimDate)
        #expect(texts(dimDate, "month_start_date").compactMap { $0 }.sorted().first == "2024-01-01")
        #expect(texts(dimDate, "month_start_date").compactMap { $0 }.sorted().last == "2025-12-01")
    }

    @Test("orders_2025_12_01.csv alone right after the backfill: 350 → 261 → 217")
    func singleFile() async throws {
        let lake = try TestLake()
        try lake.deliver(RealData.isFullLoad)
        _ = try await lake.run()
        try lake.deliver { $0.hasSuffix("incremental_load/orders/orders_2025_12_01.csv") }
        let run = try await lake.run()
        let orders = try #require(run.flows.first { $0.table == "orders" })
        #expect(run.newFiles == 1)
        #expect(orders.rowsRead == 350)
        #expect(orders.silverRows == 261)
        let december = try FactOrders.childMonthly(silverOrders: [lake.rows(LakeCatalog.silverOrders)],
                                                   months: [days("2025-12-01")])
        #expect(december.rowCount == 217)
        #expect(try lake.rows(LakeCatalog.factOrders).filter(texts(lake.rows(LakeCatalog.factOrders), "date")
            .map { $0 == "2025-12-01" }).rowCount == 217)
    }

    @Test("a run with no new files commits nothing and says so")
    func nothingNew() async throws {
        let lake = try TestLake()
        try lake.deliver(RealData.isFullLoad)
        _ = try await lake.run()
        let before = try lake.versions()
        let runs = LakeJournal(lake: lake.lake).batches()
        let again = try await lake.run()
        #expect(!again.committed)
        #expect(again.newFiles == 0 && again.skippedFiles == 158)
        #expect(try lake.versions() == before)
        #expect(LakeJournal(lake: lake.lake).batches() == runs)
    }

    func sum(_ batch: RecordBatch, _ column: String) throws -> Int64 {
        try batch.int64(column, in: "test").values.reduce(0, +)
    }
}

func days(_ iso: String) -> Int32 {
    let parts = iso.split(separator: "-").compactMap { Int($0) }
    guard parts.count == 3 else { return 0 }
    return CivilDate.days(year: parts[0], month: parts[1], day: parts[2]) ?? 0
}
