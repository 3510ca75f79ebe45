import Foundation
import Columns
import Partition
import Testing
import Workers
@testable import SportsBar

@Suite("Parent tables and gold")
struct ParentAndGoldTests {
    func typed(_ table: ParentTable, _ batches: [RecordBatch]) throws -> RecordBatch {
        let output = try ParentTables.type(table, bronze: batches)
        #expect(output.isConserved)
        return output.rows
    }

    @Test("parent types: mismatches quarantined, empty fields are NULL")
    func parentTypes() throws {
        let input = bronze(.parentFactOrders, [
            ["2024-01-01", "P1", "C1", "161"],
            ["2024-01-32", "P1", "C1", "161"],
            ["2024-01-01", "P1", "C1", "1.5"],
            [nil, "P1", nil, nil],
            ["2024/01/01", "P1", "C1", "1"],
        ])
        let output = try ParentTables.type(.factOrders, bronze: [input])
        #expect(try table(output.rows.project(["date", "product_code", "customer_code", "sold_quantity"])) == [
            ["2024-01-01", "P1", "C1", "161"], [nil, "P1", nil, nil],
        ])
        #expect(output.counts == ReasonCounts([.typeMismatch: 3]))
        #expect(texts(output.quarantine, "date") == ["2024-01-32", "2024-01-01", "2024/01/01"])
        #expect(output.isConserved)
        let prices = try ParentTables.type(.dimGrossPrice, bronze: [bronze(.parentDimGrossPrice, [
            ["P1", "2750", "2024"], ["P2", "10.005", "2025"], ["P3", "12", "twenty"], ["P4", "-1.5", "99999999999"],
        ])])
        #expect(try table(prices.rows.project(["product_code", "price_inr", "year"])) == [
            ["P1", "2750.00", "2024"], ["P2", "10.01", "2025"],
        ])
        #expect(prices.counts == ReasonCounts([.typeMismatch: 2]))
    }

    @Test("dim_customers: child overwrites parent, last parent wins, name-city rules")
    func dimCustomers() throws {
        let parent = try typed(.dimCustomers, [
            bronze(.parentDimCustomers, file: "p.csv", batchId: 2, [["C1", "Late", "India", "X", "Retailer"]]),
            bronze(.parentDimCustomers, file: "p.csv", batchId: 1, [
                ["C1", "Early", "India", "X", "Retailer"], ["C2", "Keep", "India", "X", "Retailer"],
                ["789101", "Parent", "India", "X", "Retailer"],
            ]),
        ])
        let child = RecordBatch(schema: CustomersSilver.schema, columns: [
            .text(.of(["789101", "789102", "789103"])), .text(.of(["Endurance Foods", nil, "Recovery Lane"])),
            .text(.of(["Bengaluru", "Hyderabad", nil])),
        ])
        let dim = try DimCustomers.build(parent: parent, child: child)
        #expect(table(dim) == [
            ["789101", "Endurance Foods-Bengaluru", "India", "Sports Bar", "Acquisition"],
            ["789102", "Hyderabad", "India", "Sports Bar", "Acquisition"],
            ["789103", "Recovery Lane-Unknown", "India", "Sports Bar", "Acquisition"],
            ["C1", "Late", "India", "X", "Retailer"],
            ["C2", "Keep", "India", "X", "Retailer"],
        ])
    }

    @Test("child yearly price: non-zero first, then latest month, then first row")
    func childYearly() throws {
        func month(_ iso: String) -> Int32 { days(iso) ?? 0 }
        let silver = RecordBatch(schema: GrossPriceSilver.schema, columns: [
            .text(.of(["A", "A", "A", "B", "B", "C", "C", "D", "D"])),
            .text(.of(["1", "1", "1", "2", "2", "3", "3", "4", "4"])),
            .date(FixedColumn(values: [month("2025-07-01"), month("2025-09-01"), month("2025-11-01"),
                                       month("2025-07-01"), month("2025-08-01"), month("2025-07-01"),
                                       month("2025-07-01"), month("2024-12-01"), month("2025-01-01")])),
            .decimal(FixedColumn(values: [8400, 8300, 0, 0, 0, 100, 200, 50, 60])),
        ])
        let yearly = try DimGrossPrice.childYearly(silver)
        #expect(table(yearly) == [
            ["A", "83.00", "2025"], // Nov is 0: the latest non-zero month wins
            ["B", "0.00", "2025"], // all zero: the latest month
            ["C", "1.00", "2025"], // same month: the first row
            ["D", "0.50", "2024"], ["D", "0.60", "2025"],
        ])
    }

    @Test("fact_orders: child sums, child beats parent, last parent wins, months filter")
    func factOrders() async throws {
        let products = try ProductLookup(silverProducts: ProductsSilver.build(bronze: [bronze(.products, [
            ["A (1g)", "100", "energy bars"],
        ])]).rows)
        let code = SHA256Hex.of("A (1g)")
        let cleaner = OrdersCleaner(sourceFiles: SourceFileRanks(["f.csv"]))
        let orders = try await OrdersPlanRun.run([bronze(.orders, [
            ["O1", "2025/07/03", "5", "100", "2"], ["O2", "2025/07/30", "5", "100", "3"],
            ["O3", "2025/08/01", "5", "100", "4"], ["O4", "2025/08/01", "6", "100", "1"],
        ])], cleaner: cleaner, products: products)
        let silver = orders.silver
        let parent = try typed(.factOrders, [
            bronze(.parentFactOrders, file: "b.csv", batchId: 1, [
                ["2025-07-01", code, "5", "999"], // loses to the child row
                ["2025-06-01", "P", "C", "1"],
            ]),
            bronze(.parentFactOrders, file: "a.csv", batchId: 2, [["2025-06-01", "P", "C", "2"]]), // later batch wins
        ])
        let child = try FactOrders.childMonthly(silverOrders: silver)
        // The plan's monthly partial sums are complete here: one customer per partition at most.
        #expect(table(try RecordBatch.concat(orders.monthly, schema: GoldSchemas.factOrders)).sorted { "\($0)" < "\($1)" }
            == table(child).sorted { "\($0)" < "\($1)" })
        let fact = try await FactOrders.build(parent: parent, childMonthly: child)
        #expect(table(fact) == [
            ["2025-06-01", "P", "C", "2"],
            ["2025-07-01", code, "5", "5"],
            ["2025-08-01", code, "5", "4"],
            ["2025-08-01", code, "6", "1"],
        ])
        let july: Set<Int32> = [days("2025-07-01") ?? 0]
        let julyOnly = try await FactOrders.build(parent: parent,
                                            childMonthly: FactOrders.childMonthly(silverOrders: silver, months: july),
                                            months: july)
        #expect(table(julyOnly) == [["2025-07-01", code, "5", "5"]])
        #expect(try FactOrders.touchedMonths(silver, column: "order_date") == [days("2025-07-01") ?? 0, days("2025-08-01") ?? 0])
    }

    @Test("dim_date spans first to last fact month")
    func dimDate() throws {
        let dim = DimDate.months(from: days("2024-11-15") ?? 0, through: days("2025-02-01") ?? 0)
        #expect(table(dim) == [
            ["2024-11-01", "202411", "2024", "November", "Nov", "Q4", "2024-Q4"],
            ["2024-12-01", "202412", "2024", "December", "Dec", "Q4", "2024-Q4"],
            ["2025-01-01", "202501", "2025", "January", "Jan", "Q1", "2025-Q1"],
            ["2025-02-01", "202502", "2025", "February", "Feb", "Q1", "2025-Q1"],
        ])
    }

    @Test("fact_orders_enriched: left joins and DECIMAL totals")
    func enriched() async throws {
        let fact = RecordBatch(schema: GoldSchemas.factOrders, columns: [
            .date(FixedColumn(values: [days("2025-07-01") ?? 0, days("2025-08-01") ?? 0])),
            .text(.of(["P1", "P9"])), .text(.of(["C1", "C9"])), .int64(FixedColumn(values: [3, 4])),
        ])
        let dimDate = DimDate.months(from: days("2025-07-01") ?? 0, through: days("2025-08-01") ?? 0)
        let customers = RecordBatch(schema: GoldSchemas.dimCustomers, columns: [
            .text(.of(["C1"])), .text(.of(["Shop-Pune"])), .text(.of(["India"])), .text(.of(["Web"])), .text(.of(["Direct"])),
        ])
        let products = RecordBatch(schema: GoldSchemas.dimProducts, columns: [
            .text(.of(["P1"])), .text(.of(["Div"])), .text(.of(["Cat"])), .text(.of(["Prod"])), .text(.of([""])),
        ])
        let prices = RecordBatch(schema: GoldSchemas.dimGrossPrice, columns: [
            .text(.of(["P1", "P1"])), .decimal(FixedColumn(values: [1050, 9999])), .int32(FixedColumn(values: [2025, 2024])),
        ])
        let output = try await FactOrdersEnriched.build(fact: fact, dimDate: dimDate, dimCustomers: customers,
                                                  dimProducts: products, dimGrossPrice: prices)
        #expect(output.rows.schema == GoldSchemas.factOrdersEnriched)
        #expect(table(output.rows) == [
            ["2025-07-01", "P1", "C1", "202507", "2025", "July", "Jul", "Q3", "2025-Q3", "Shop-Pune", "India", "Web",
             "Direct", "Div", "Cat", "Prod", "", "3", "10.50", "31.50"],
            ["2025-08-01", "P9", "C9", "202508", "2025", "August", "Aug", "Q3", "2025-Q3", nil, nil, nil,
             nil, nil, nil, nil, nil, "4", nil, nil],
        ])
        #expect(output.overflowedTotals == 0)
    }

    @Test("rules load from JSON and are checked")
    func rulesJSON() throws {
        let encoded = try JSONEncoder().encode(SportsBarRules.standard)
        #expect(try SportsBarRules.load(json: encoded) == .standard)
        var broken = SportsBarRules.standard
        broken.monthNames.removeLast()
        #expect(throws: SportsBarError.self) { try SportsBarRules.load(json: JSONEncoder().encode(broken)) }
        #expect(throws: SportsBarError.self) { try SportsBarRules.load(json: Data("{}".utf8)) }
    }
}
