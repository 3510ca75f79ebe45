import Foundation
import Testing
@testable import Generator

@Suite struct LayoutTests {
    static let headers: [String: String] = [
        "1_parent_company/full_load/dim_customers": "customer_code,customer,market,platform,channel",
        "1_parent_company/full_load/dim_products": "product_code,division,category,product,variant",
        "1_parent_company/full_load/dim_gross_price": "product_code,price_inr,year",
        "1_parent_company/full_load/fact_orders": "date,product_code,customer_code,sold_quantity",
        "2_child_company/full_load/customers/customers": "customer_id,customer_name,city",
        "2_child_company/full_load/products/products": "product_name,product_id,category",
        "2_child_company/full_load/gross_price/gross_price": "product_id,month,gross_price",
    ]
    static let ordersHeader = "order_id,order_placement_date,customer_id,product_id,order_qty"

    @Test func fullLoadLayoutAndHeaders() async throws {
        let tmp = try TempFolder()
        let summary = try await SourceGenerator.write(.small(orders: 3000, days: 10), to: tmp.path)
        let files = try Tree.files(tmp.path)
        #expect(files.count == 17)
        for (stem, header) in Self.headers {
            let bytes = try #require(files[stem + ".csv"], "missing \(stem).csv")
            #expect(CSV.records(bytes).first?.joined(separator: ",") == header, "\(stem)")
        }
        var rows = 0
        for d in 1 ... 10 {
            let path = "2_child_company/full_load/orders/landing/orders_2025_01_\(d < 10 ? "0" : "")\(d).csv"
            let bytes = try #require(files[path], "missing \(path)")
            let records = CSV.records(bytes)
            #expect(records.first?.joined(separator: ",") == Self.ordersHeader)
            #expect(records.dropFirst().allSatisfy { $0.count == 5 })
            rows += records.count - 1
            #expect(summary.files.first { $0.path == path }?.rows == records.count - 1)
        }
        #expect(rows == 3000)
        #expect(summary.orderRows == 3000)
        #expect(!files.keys.contains { $0.contains("incremental_load") })
        #expect(summary.firstDay?.iso == "2025-01-01" && summary.lastDay?.iso == "2025-01-10")
    }

    @Test func incrementalDaysAndParentMonths() async throws {
        let tmp = try TempFolder()
        var config = GeneratorConfig.small(orders: 4000, days: 40)  // 2025-01-01 … 2025-02-09
        config.incrementalDays = 12  // 2025-01-29 … 2025-02-09
        _ = try await SourceGenerator.write(config, to: tmp.path)
        let files = try Tree.files(tmp.path)
        let landing = files.keys.filter { $0.hasPrefix("2_child_company/full_load/orders/landing/") }
        let incremental = files.keys.filter { $0.hasPrefix("2_child_company/incremental_load/orders/") }
        #expect(landing.count == 28 && incremental.count == 12)
        #expect(incremental.contains("2_child_company/incremental_load/orders/orders_2025_01_29.csv"))
        #expect(incremental.contains("2_child_company/incremental_load/orders/orders_2025_02_09.csv"))
        #expect(landing.contains("2_child_company/full_load/orders/landing/orders_2025_01_28.csv"))
        // Parent fact: full 2024-01 … 2025-01, incremental 2025-02 (the month starting in the incremental days).
        let full = CSV.records(try #require(files["1_parent_company/full_load/fact_orders.csv"])).dropFirst()
        let inc = CSV.records(try #require(files["1_parent_company/incremental_load/fact_orders.csv"])).dropFirst()
        let fullMonths = Set(full.map { $0[0] }), incMonths = Set(inc.map { $0[0] })
        #expect(fullMonths.count == 13 && fullMonths.min() == "2024-01-01" && fullMonths.max() == "2025-01-01")
        #expect(incMonths == ["2025-02-01"])
        // Monthly grain: many product × customer rows per month, keys unique.
        #expect(full.count > 13 * 2500)
        #expect(Set(full.map { "\($0[0])|\($0[1])|\($0[2])" }).count == full.count)
        for row in full.prefix(2000) { #expect(Int(row[3]).map { $0 >= 1 } == true) }
    }

    @Test func extensionsFollowCompression() async throws {
        let tmp = try TempFolder()
        for compression in [SourceCompression.gzip, .zstd] {
            var config = GeneratorConfig.small(orders: 300, days: 2)
            config.compression = compression
            config.incrementalDays = 1
            _ = try await SourceGenerator.write(config, to: tmp.sub(compression.rawValue))
            let names = try Tree.files(tmp.sub(compression.rawValue)).keys
            #expect(names.count == 10)
            #expect(names.allSatisfy { $0.hasSuffix(compression.fileExtension) }, "\(names.sorted())")
            #expect(names.contains("2_child_company/incremental_load/orders/orders_2025_01_02" + compression.fileExtension))
        }
    }

    @Test func parentDimsSizedLikeTheRealOnes() async throws {
        let tmp = try TempFolder()
        _ = try await SourceGenerator.write(.small(orders: 100, days: 3), to: tmp.path)
        let files = try Tree.files(tmp.path)
        let customers = CSV.records(try #require(files["1_parent_company/full_load/dim_customers.csv"])).dropFirst()
        let products = CSV.records(try #require(files["1_parent_company/full_load/dim_products.csv"])).dropFirst()
        let prices = CSV.records(try #require(files["1_parent_company/full_load/dim_gross_price.csv"])).dropFirst()
        #expect(customers.count == 18 && Set(customers.map { $0[0] }).count == 18)
        #expect(customers.allSatisfy { $0[2] == "India" })
        #expect(products.count == 397 && Set(products.map { $0[0] }).count == 397)
        #expect(Set(products.map { $0[1] }).count == 25)
        // Codes look like the real ones: a 3–4 letter division prefix and 6 upper-case hex digits.
        let hex = Set("0123456789ABCDEF")
        for p in products {
            let code = p[0]
            #expect((9 ... 10).contains(code.count) && code.suffix(6).allSatisfy { hex.contains($0) }, "\(code)")
        }
        #expect(prices.count == 2 * 397)  // 2024 and 2025
        #expect(Set(prices.map { $0[2] }) == ["2024", "2025"])
        #expect(prices.allSatisfy { Int($0[1]).map { $0 > 0 } == true })
    }
}
