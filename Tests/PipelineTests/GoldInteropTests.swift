import Foundation
import Columns
import Testing
import TestSupport
import Workers
@testable import Lake
@testable import Pipeline
@testable import SportsBar

/// The gold tables read through delta-rs (Python `deltalake`) give the same counts and
/// revenue as medallion's own reader. Needs a Python with deltalake and pyarrow (see
/// `PythonScript` for where it is looked for).
enum GoldPython {
    static let script = PythonScript(
        path: URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("gold_check.py").path
    ) { $0.contains("\"ok\": true") }
}

@Suite("Gold tables through delta-rs", .serialized)
struct GoldInteropTests {
    @Test("deltalake reads the gold tables with our counts, types and revenue")
    func deltalakeAgrees() async throws {
        // In CI the venv must exist: a missing reader is a failure there, a skip on a laptop.
        guard GoldPython.script.isAvailable else {
            if ProcessInfo.processInfo.environment["CI"] != nil { Issue.record("no Python with deltalake in CI") }
            return
        }
        let lake = try TestLake()
        try lake.deliver(RealData.isFullLoad)
        _ = try await lake.run()
        try lake.deliver(RealData.isIncremental)
        _ = try await lake.run()

        let theirs = try DeltaJSON.parse(GoldPython.script.run(["read", lake.lake]))
        guard case let .object(tables) = theirs else { throw PythonScript.Failure(description: "not a JSON object") }
        for table in TestLake.goldTables {
            guard case let .object(entry)? = tables[table.description] else {
                Issue.record("\(table) missing from deltalake's answer")
                continue
            }
            let ours = try lake.rows(table)
            #expect(entry["rows"]?.int64Value == Int64(ours.rowCount), "\(table) rows")
        }
        guard case let .object(fact)? = tables["gold/fact_orders"],
              case let .object(enriched)? = tables["gold/fact_orders_enriched"] else { return }
        #expect(fact["rows"]?.int64Value == 101_212)
        let factRows = try lake.rows(LakeCatalog.factOrders)
        let ourQuantity = try factRows.int64("sold_quantity", in: "fact").values.reduce(0, +)
        #expect(fact["sold_quantity"]?.int64Value == ourQuantity)
        let enrichedRows = try lake.rows(LakeCatalog.factOrdersEnriched)
        let cents = try enrichedRows.money("total_amount_inr", in: "enriched")
        let ourRevenue = (0 ..< cents.count).reduce(Int64(0)) { $0 + (cents.isNull($1) ? 0 : cents.values[$1]) }
        #expect(enriched["total_amount_inr"]?.stringValue == MoneyText.format(cents: ourRevenue))
        guard case let .object(types)? = enriched["types"] else { return }
        #expect(types["total_amount_inr"]?.stringValue == "decimal128(18, 2)")
        #expect(types["date"]?.stringValue == "date32[day]")
        #expect(types["sold_quantity"]?.stringValue == "int64")
        #expect(types["customer"]?.stringValue == "string" || types["customer"]?.stringValue == "large_string")
    }
}

enum MoneyText {
    static func format(cents: Int64) -> String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = cents.magnitude
        let fraction = String(magnitude % 100)
        return sign + String(magnitude / 100) + "." + (fraction.count == 1 ? "0" + fraction : fraction)
    }
}
