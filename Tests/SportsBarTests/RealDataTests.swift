import Columns
import Testing
import Workers
@testable import SportsBar

/// Rules §6: the numbers a correct run reproduces on the sample data.
@Suite("Real data: Rules §6 numbers", .serialized)
struct RealDataTests {
    static let backfill: @Sendable (String) -> Bool = { $0.contains("/full_load/") }
    static let incremental: @Sendable (String) -> Bool = { $0.contains("/incremental_load/") }

    func pipeline() throws -> RealDataPipeline {
        RealDataPipeline(root: RealData.root)
    }

    @Test("backfill of full_load, then the incremental batch")
    func backfillThenIncremental() async throws {
        var lake = try pipeline()
        let first = try await lake.run(Self.backfill)

        // Child orders.
        #expect(first.orders.rowsRead == 51_810)
        #expect(first.orders.counts[.missingQuantity] == 2_607)
        #expect(first.orders.counts[.duplicate] == 3_616)
        #expect(first.orders.counts[.unknownProduct] == 4_776)
        #expect(first.orders.counts[.invalidQuantity] == 0)
        #expect(first.orders.counts[.unparseableDate] == 0)
        #expect(first.orders.silverRows == 40_811)
        #expect(first.orders.isConserved)
        #expect(try count(first.orders.silver, "customer_id", equal: "999999") == 4_119)
        // Not a §6 number: rows reaching step 2 with a non-digit id (an independent Python
        // reading of the rules agrees); 4,119 of them reach silver.
        #expect(first.orders.customerRepaired == 4_943)
        #expect(first.childMonthly.rowCount == 3_060)
        #expect(try sum(first.childMonthly) == 9_383_928)
        #expect(try Set(texts(first.childMonthly, "date")) ==
            ["2025-07-01", "2025-08-01", "2025-09-01", "2025-10-01", "2025-11-01"])

        // Silver dims and gold.
        #expect(lake.silverCustomers?.rows.rowCount == 35)
        #expect(lake.silverProducts?.rows.rowCount == 18)
        let yearly = try DimGrossPrice.childYearly(lake.silverGrossPrice?.rows ?? RecordBatch(empty: GrossPriceSilver.schema))
        #expect(yearly.rowCount == 17)
        for output in [lake.silverCustomers, lake.silverProducts, lake.silverGrossPrice] {
            #expect(output?.isConserved == true)
        }
        let dims = try lake.goldDims()
        #expect(dims.customers.rowCount == 53)
        #expect(dims.products.rowCount == 415)
        #expect(dims.grossPrice.rowCount == 811)
        #expect(lake.goldFact.rowCount == 96_115)
        #expect(first.parentFact.isConserved)

        // The incremental batch.
        let factBefore = lake.goldFact
        let second = try await lake.run(Self.incremental)
        #expect(second.orders.rowsRead == 9_967)
        #expect(second.orders.silverRows == 7_834)
        #expect(second.orders.isConserved)
        #expect(second.touchedMonths == [days("2025-12-01") ?? 0])
        let december = try second.childMonthly.filter(texts(second.childMonthly, "date").map { $0 == "2025-12-01" })
        #expect(december.rowCount == 612)
        #expect(try sum(december) == 1_827_212)
        #expect(second.parentFact.rows.rowCount == 4_485)
        #expect(second.parentFact.isConserved)
        #expect(lake.goldFact.rowCount == 101_212)
        #expect(try count([lake.goldFact], "customer_code", equal: "999999") == 102)
        // Months the batch did not touch are unchanged.
        #expect(try table(lake.goldFact.filter(texts(lake.goldFact, "date").map { $0 != "2025-12-01" }))
            == table(factBefore))

        // §5: the incremental result equals recomputing every month from everything.
        let everything = try await FactOrders.build(parent: lake.allParent(.factOrders),
                                              childMonthly: FactOrders.childMonthly(silverOrders: lake.silverOrders))
        #expect(try sortedRows(everything) == sortedRows(lake.goldFact))

        // The denormalized table: one row per fact row, every join filled on this data.
        let dimDate = try DimDate.build(fact: [lake.goldFact])
        #expect(try texts(dimDate, "month_start_date").first == "2024-01-01")
        #expect(try texts(dimDate, "month_start_date").last == "2025-12-01")
        let final = try lake.goldDims()
        let enriched = try await FactOrdersEnriched.build(fact: lake.goldFact, dimDate: dimDate, dimCustomers: final.customers,
                                                    dimProducts: final.products, dimGrossPrice: final.grossPrice)
        #expect(enriched.rows.rowCount == 101_212)
        #expect(enriched.overflowedTotals == 0)
        for column in ["date_key", "product", "price_inr", "total_amount_inr"] {
            #expect(texts(enriched.rows, column).allSatisfy { $0 != nil }, "\(column) has NULLs")
        }
        // Only orders whose customer was repaired to 999999 have no customer (not in any dim).
        let customers = texts(enriched.rows, "customer"), codes = texts(enriched.rows, "customer_code")
        #expect(Set(codes.indices.filter { customers[$0] == nil }.map { codes[$0] }) == ["999999"])
    }

    @Test("orders_2025_12_01.csv alone right after the backfill: 350 → 261 → 217")
    func singleFile() async throws {
        var lake = try pipeline()
        _ = try await lake.run(Self.backfill)
        let report = try await lake.run { $0.hasSuffix("incremental_load/orders/orders_2025_12_01.csv") }
        #expect(report.orders.rowsRead == 350)
        #expect(report.orders.silverRows == 261)
        #expect(report.childMonthly.rowCount == 217)
        #expect(report.orders.isConserved)
    }

    func sum(_ fact: RecordBatch) throws -> Int64 {
        try fact.int64("sold_quantity", in: "fact").values.reduce(0, +)
    }

    func count(_ batches: [RecordBatch], _ column: String, equal value: String) throws -> Int {
        batches.reduce(0) { total, batch in total + texts(batch, column).filter { $0 == value }.count }
    }

    func sortedRows(_ batch: RecordBatch) -> [[String?]] {
        table(batch).sorted { $0.map { $0 ?? "" }.lexicographicallyPrecedes($1.map { $0 ?? "" }) }
    }
}
