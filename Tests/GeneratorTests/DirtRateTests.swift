import Foundation
import Testing
@testable import Generator

/// Generates ~100k order rows and measures the dirt the way the real files were
/// measured; the rates must land near `DirtRates.measured`.
@Suite struct DirtRateTests {
    struct Measured {
        var rows = 0
        var styles = [0, 0, 0, 0]
        var missing = 0, integer = 0, invalidCustomer = 0, unknownProduct = 0
        var exactDuplicates = 0, nearDuplicates = 0, otherDay = 0
        var longDates = 0, wrongWeekdays = 0, unparseable = 0
        var perFile: [Int] = []
    }

    static func measure(_ files: [String: [UInt8]]) -> Measured {
        var m = Measured()
        var weekdays: [CalendarDay: String] = [:]
        // Product ids of the products file (the one with a non-digit id there is unknown).
        let productsFile = files["2_child_company/full_load/products/products.csv"] ?? []
        let known = Set(CSV.records(productsFile).dropFirst().map { $0[1] })
        for (path, bytes) in files.sorted(by: { $0.key < $1.key }) where path.contains("/orders/") {
            let fileDay = path.split(separator: "/").last.map { String($0.dropFirst(7).prefix(10)).replacingOccurrences(of: "_", with: "-") }
            var seen: [String: String] = [:]
            let records = CSV.records(bytes).dropFirst()
            m.perFile.append(records.count)
            for r in records {
                m.rows += 1
                guard let (day, style) = OrderDate.parse(r[1]) else {
                    m.unparseable += 1
                    continue
                }
                m.styles[style.rawValue] += 1
                if style == .long {
                    m.longDates += 1
                    let weekday = weekdays[day] ?? OrderDate.foundationWeekday(day)
                    weekdays[day] = weekday
                    if OrderDate.writtenWeekday(r[1]) != weekday { m.wrongWeekdays += 1 }
                }
                if day.iso != fileDay { m.otherDay += 1 }
                if r[4].isEmpty { m.missing += 1 } else if !r[4].hasSuffix(".0") { m.integer += 1 }
                let digits = !r[2].isEmpty && r[2].allSatisfy(\.isASCII) && r[2].allSatisfy(\.isNumber)
                if !digits { m.invalidCustomer += 1 }
                if !known.contains(r[3]) { m.unknownProduct += 1 }
                let key = [r[0], day.iso, digits ? r[2] : "999999", r[3], r[4]].joined(separator: "|")
                let text = r.joined(separator: ",")
                if let first = seen[key] {
                    if first == text { m.exactDuplicates += 1 } else { m.nearDuplicates += 1 }
                } else {
                    seen[key] = text
                }
            }
        }
        return m
    }

    @Test func ordersCarryTheRealDirtAtTheRealRates() async throws {
        let tmp = try TempFolder()
        let summary = try await SourceGenerator.write(.small(orders: 100_000, days: 30, seed: 11), to: tmp.path)
        #expect(summary.orderRows == 100_000)
        let m = Self.measure(try Tree.files(tmp.path))
        #expect(m.rows == 100_000)
        #expect(m.unparseable == 0)
        let n = Double(m.rows)
        func near(_ count: Int, _ target: Double, _ tolerance: Double, _ what: String) {
            let rate = Double(count) / n
            #expect(abs(rate - target) <= tolerance, "\(what): \(rate) vs \(target)")
        }
        near(m.styles[0], 0.7985, 0.012, "long dates")
        near(m.styles[1], 0.0678, 0.006, "yyyy/MM/dd")
        near(m.styles[2], 0.0662, 0.006, "dd-MM-yyyy")
        near(m.styles[3], 0.0675, 0.006, "dd/MM/yyyy")
        near(m.missing, 0.0500, 0.004, "missing quantity")
        near(m.integer, 0.0018, 0.0008, "integer quantity")
        near(m.invalidCustomer, 0.1010, 0.006, "invalid customer")
        near(m.unknownProduct, 0.0511 + 1.0 / 18 * (1 - 0.0511), 0.012, "unknown product (fake ids + the product with a non-digit id)")
        near(m.exactDuplicates, 0.0474, 0.006, "exact duplicates")
        near(m.nearDuplicates, 0.0266, 0.005, "near duplicates")
        near(m.otherDay, 0.001, 0.0008, "rows delivered again the next day")
        #expect(m.longDates > 70_000)
        #expect(m.wrongWeekdays == 0)
        // Rows per day: evenly-ish (the last three days tail off like the real data's).
        let ordinary = m.perFile.dropLast(3).sorted()
        let mean = Double(ordinary.reduce(0, +)) / Double(ordinary.count)
        #expect(ordinary.dropFirst(2).dropLast(2).allSatisfy { abs(Double($0) / mean - 1) < 0.2 }, "\(ordinary)")
    }

    @Test func weekdaysAreRightAcrossYears() async throws {
        // Long dates over 3 years (leap year included): every written weekday right.
        let tmp = try TempFolder()
        var config = GeneratorConfig.small(orders: 11_000, days: 1100)
        config.start = try #require(CalendarDay(iso: "2023-02-20"))
        _ = try await SourceGenerator.write(config, to: tmp.path)
        let m = Self.measure(try Tree.files(tmp.path))
        #expect(m.longDates > 8000)
        #expect(m.wrongWeekdays == 0)
        #expect(m.unparseable == 0)
        #expect(m.perFile.count == 1100)
    }

    /// Like the real files: an order's rows are contiguous, share one valid customer id,
    /// and orders come largest first (rows delivered again from the previous day, at
    /// the end of a file, aside).
    @Test func ordersAreGroupedLikeTheRealFiles() async throws {
        let tmp = try TempFolder()
        _ = try await SourceGenerator.write(.small(orders: 20000, days: 4, seed: 3), to: tmp.path)
        for (path, bytes) in try Tree.files(tmp.path) where path.contains("/orders/") {
            let fileDay = String(path.split(separator: "/").last?.dropFirst(7).prefix(10) ?? "").replacingOccurrences(of: "_", with: "-")
            let rows = CSV.records(bytes).dropFirst().filter { OrderDate.parse($0[1])?.0.iso == fileDay }
            var runs: [(id: String, rows: [[String]])] = []
            for r in rows {
                if runs.last?.id == r[0] { runs[runs.count - 1].rows.append(r) } else { runs.append((r[0], [r])) }
            }
            #expect(Set(runs.map(\.id)).count == runs.count, "\(path): an order id in two places")
            let sizes = runs.map(\.rows.count)
            #expect(sizes == sizes.sorted(by: >), "\(path): orders not largest first")
            #expect((1.8 ... 2.1).contains(Double(rows.count) / Double(runs.count)), "\(path): \(rows.count) rows in \(runs.count) orders")
            for run in runs {
                let customers = Set(run.rows.map { $0[2] }.filter { $0.allSatisfy(\.isNumber) })
                #expect(customers.count <= 1, "\(run.id): \(customers)")
                // The real format: F + month code + digit + day + customer and product digits.
                #expect(run.id.hasPrefix("F") && run.id.count >= 11, "\(run.id)")
                if let customer = customers.first { #expect(run.id.contains(String(customer.suffix(3)))) }
            }
        }
    }

    @Test func childDimensionsCarryTheirDirt() async throws {
        let tmp = try TempFolder()
        _ = try await SourceGenerator.write(.small(orders: 100, days: 2), to: tmp.path)
        let files = try Tree.files(tmp.path)
        // Customers: 35 distinct + 4 duplicate rows; NULL cities exactly the business-fix ids.
        let customers = Array(CSV.records(try #require(files["2_child_company/full_load/customers/customers.csv"])).dropFirst())
        #expect(customers.count == 39)
        #expect(Set(customers.map { $0[0] }).count == 35)
        #expect(Set(customers.filter { $0[2].isEmpty }.map { $0[0] }) == ["789403", "789420", "789521", "789603"])
        let typos = Set(["Bengaluruu", "Bengalore", "Hyderabadd", "Hyderbad", "NewDelhi", "NewDheli", "NewDelhee"])
        let valid = Set(["Bengaluru", "Hyderabad", "New Delhi"])
        let distinct = customers.prefix(35)
        #expect(distinct.allSatisfy { $0[2].isEmpty || typos.contains($0[2]) || valid.contains($0[2]) })
        #expect((3 ... 12).contains(distinct.filter { typos.contains($0[2]) }.count))
        #expect(distinct.contains { $0[1].hasPrefix(" ") && $0[1].hasSuffix(" ") })
        // Products: 18 + 2 duplicate rows, one non-digit id, Protien, lower-case categories mostly.
        let products = Array(CSV.records(try #require(files["2_child_company/full_load/products/products.csv"])).dropFirst())
        #expect(products.count == 20)
        #expect(products.prefix(18).filter { !$0[1].allSatisfy(\.isNumber) }.count == 1)
        #expect(products.filter { $0[0].contains("Protien") }.count >= 3)
        #expect(products.filter { $0[2].lowercased() == "protien bars" }.count >= 3)
        #expect(products.filter { $0[2] == $0[2].lowercased() }.count >= 12)
        // Gross prices: 18 products × 1 month here, the four month formats over a longer run below.
        let prices = Array(CSV.records(try #require(files["2_child_company/full_load/gross_price/gross_price.csv"])).dropFirst())
        #expect(prices.count == 18)
    }

    @Test func grossPricesCarryTheirDirt() async throws {
        let tmp = try TempFolder()
        var config = GeneratorConfig.small(orders: 100, days: 3)
        config.products = 300  // 300 × 1 month: enough rows to see every kind
        _ = try await SourceGenerator.write(config, to: tmp.path)
        let rows = Array(CSV.records(try #require(try Tree.files(tmp.path)["2_child_company/full_load/gross_price/gross_price.csv"])).dropFirst())
        #expect(rows.count == 300)
        let formats = Dictionary(grouping: rows.map { r -> String in
            let m = r[1]
            if m.count == 10, m.dropFirst(4).hasPrefix("-") { return "yyyy-MM-dd" }
            if m.count == 10, m.dropFirst(4).hasPrefix("/") { return "yyyy/MM/dd" }
            if m.count == 10, m.dropFirst(2).hasPrefix("/") { return "dd/MM/yyyy" }
            if m.count == 10, m.dropFirst(2).hasPrefix("-") { return "dd-MM-yyyy" }
            return "other"
        }, by: { $0 }).mapValues(\.count)
        #expect(formats["other"] == nil)
        #expect((formats["yyyy-MM-dd"] ?? 0) > 180)
        #expect((formats["yyyy/MM/dd"] ?? 0) > 20 && (formats["dd/MM/yyyy"] ?? 0) > 10 && (formats["dd-MM-yyyy"] ?? 0) > 2)
        let negative = rows.filter { $0[2].hasPrefix("-") }.count
        let text = rows.filter { $0[2] == "unknown" || $0[2] == "not_available" }.count
        let fake = rows.filter { ["77777777", "88888888", "99999999"].contains($0[0]) }.count
        #expect((15 ... 50).contains(negative), "\(negative)")
        #expect((6 ... 32).contains(text), "\(text)")
        #expect((20 ... 56).contains(fake), "\(fake)")
    }

    @Test func cleanRatesWriteNoDirt() async throws {
        let tmp = try TempFolder()
        var config = GeneratorConfig.small(orders: 5000, days: 5)
        config.dirt = .clean
        _ = try await SourceGenerator.write(config, to: tmp.path)
        let m = Self.measure(try Tree.files(tmp.path))
        #expect(m.rows == 5000)
        #expect(m.styles[0] == 5000 && m.missing == 0 && m.integer == 0 && m.invalidCustomer == 0)
        #expect(m.unknownProduct == 0 && m.exactDuplicates == 0 && m.nearDuplicates == 0 && m.otherDay == 0)
    }
}
