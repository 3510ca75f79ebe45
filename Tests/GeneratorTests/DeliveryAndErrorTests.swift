import Foundation
import Testing
@testable import Generator

@Suite struct DeliveryTests {
    @Test func deliversMoreDaysAfterTheLastOne() async throws {
        let tmp = try TempFolder()
        let config = GeneratorConfig.small(orders: 6000, days: 10)  // 2025-01-01 … 2025-01-10
        _ = try await SourceGenerator.write(config, to: tmp.sub("a"))
        _ = try await SourceGenerator.write(config, to: tmp.sub("b"))
        let before = try Tree.files(tmp.sub("a"))
        // 3 days at once, or 2 then 1: the same files.
        let three = try await SourceGenerator.deliverMoreDays(3, after: config, to: tmp.sub("a"))
        _ = try await SourceGenerator.deliverMoreDays(2, after: config, to: tmp.sub("b"))
        let one = try await SourceGenerator.deliverMoreDays(1, after: config, to: tmp.sub("b"))
        #expect(three.firstDay?.iso == "2025-01-11" && three.lastDay?.iso == "2025-01-13")
        #expect(one.firstDay?.iso == "2025-01-13")
        #expect(three.files.map(\.path) == (11 ... 13).map { "2_child_company/incremental_load/orders/orders_2025_01_\($0).csv" })
        let a = try Tree.files(tmp.sub("a")), b = try Tree.files(tmp.sub("b"))
        #expect(a == b)
        #expect(a.count == before.count + 3)
        // Earlier files untouched; new days hold about as many rows as an ordinary day
        // of the configured range (its last three days tail off, like the real data's).
        for (path, bytes) in before { #expect(a[path] == bytes) }
        let ordinary = (1 ... 7).map { d in CSV.records(before["2_child_company/full_load/orders/landing/orders_2025_01_0\(d).csv"] ?? []).count - 1 }
        let mean = Double(ordinary.reduce(0, +)) / 7
        #expect(mean > 600)
        #expect(three.files.allSatisfy { $0.incremental && abs(Double($0.rows) / mean - 1) < 0.2 }, "\(three.files.map(\.rows)) vs \(mean)")
        // The first new day carries a few rows of day 10 delivered again? Its rows are day 11's or day 10's only.
        let day11 = CSV.records(try #require(a["2_child_company/incremental_load/orders/orders_2025_01_11.csv"])).dropFirst()
        #expect(day11.allSatisfy { r in OrderDate.parse(r[1]).map { ["2025-01-10", "2025-01-11"].contains($0.0.iso) } == true })
    }

    @Test func deliveringIntoAnEmptyFolderStartsAfterTheConfiguredDays() async throws {
        let tmp = try TempFolder()
        let summary = try await SourceGenerator.deliverMoreDays(2, after: .small(orders: 1000, days: 5), to: tmp.path)
        #expect(summary.files.map(\.path) == ["2_child_company/incremental_load/orders/orders_2025_01_06.csv",
                                              "2_child_company/incremental_load/orders/orders_2025_01_07.csv"])
    }
}

@Suite struct ErrorTests {
    @Test func invalidConfigurationsAreRefusedWithTheirName() async throws {
        let tmp = try TempFolder()
        var cases: [(GeneratorConfig, String)] = []
        var c = GeneratorConfig.small(orders: -1, days: 3); cases.append((c, "orders"))
        c = .small(orders: 10, days: 0); cases.append((c, "days"))
        c = .small(orders: 10, days: 3); c.incrementalDays = 4; cases.append((c, "incremental days"))
        c = .small(orders: 10, days: 3); c.customers = 0; cases.append((c, "customers"))
        c = .small(orders: 10, days: 3); c.products = 0; cases.append((c, "products"))
        c = .small(orders: 10, days: 3); c.workers = 0; cases.append((c, "workers"))
        c = .small(orders: 10, days: 3); c.dirt.missingQuantity = 1.5; cases.append((c, "missingQuantity"))
        c = .small(orders: 10, days: 3); c.dirt.dateStyles = [0, 0, 0, 0]; cases.append((c, "dateStyles"))
        for (config, name) in cases {
            do {
                _ = try await SourceGenerator.write(config, to: tmp.path)
                Issue.record("\(name): accepted")
            } catch let GeneratorError.invalidConfig(message) {
                #expect(message.contains(name), "\(message)")
            }
        }
        await #expect(throws: GeneratorError.self) { _ = try await SourceGenerator.deliverMoreDays(0, after: .small(orders: 1, days: 1), to: tmp.path) }
    }

    @Test func existingDataSetNeedsOverwrite() async throws {
        let tmp = try TempFolder()
        var config = GeneratorConfig.small(orders: 100, days: 2)
        _ = try await SourceGenerator.write(config, to: tmp.path)
        await #expect(throws: GeneratorError.outputExists(path: tmp.path + "/1_parent_company")) {
            _ = try await SourceGenerator.write(config, to: tmp.path)
        }
        // With overwrite, stale files (another compression, more days) disappear.
        config.overwrite = true
        config.compression = .zstd
        config.days = 1
        _ = try await SourceGenerator.write(config, to: tmp.path)
        let names = try Tree.files(tmp.path).keys
        #expect(names.count == 8 && names.allSatisfy { $0.hasSuffix(".csv.zst") })
    }

    @Test func ioErrorsNameThePath() async throws {
        let tmp = try TempFolder()
        let blocker = tmp.sub("file")
        try Data("x".utf8).write(to: URL(fileURLWithPath: blocker))
        do {
            _ = try await SourceGenerator.write(.small(orders: 10, days: 1), to: blocker)
            Issue.record("wrote under a file")
        } catch let error as GeneratorError {
            #expect(error.description.contains(blocker), "\(error)")
        }
    }

    @Test func zeroOrdersStillWritesEveryFile() async throws {
        let tmp = try TempFolder()
        let summary = try await SourceGenerator.write(.small(orders: 0, days: 3), to: tmp.path)
        #expect(summary.orderRows == 0 && summary.orderFiles == 3)
        let day = try #require(try Tree.files(tmp.path)["2_child_company/full_load/orders/landing/orders_2025_01_03.csv"])
        #expect(String(decoding: day, as: UTF8.self) == LayoutTests.ordersHeader + "\n")
    }
}
