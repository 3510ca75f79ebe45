import Foundation
import Testing
@testable import Generator

@Suite struct DeterminismTests {
    @Test func sameSeedSameBytesWhateverTheWorkers() async throws {
        let tmp = try TempFolder()
        var config = GeneratorConfig.small(orders: 20000, days: 12)
        config.incrementalDays = 3
        config.workers = 1
        let one = try await SourceGenerator.write(config, to: tmp.sub("one"))
        config.workers = 3
        let three = try await SourceGenerator.write(config, to: tmp.sub("three"))
        let a = try Tree.files(tmp.sub("one")), b = try Tree.files(tmp.sub("three"))
        #expect(a.count == 12 + 8)
        #expect(a.keys.sorted() == b.keys.sorted())
        for (path, bytes) in a { #expect(b[path] == bytes, "\(path) differs") }
        #expect(one.files == three.files)
    }

    @Test func differentSeedDifferentBytes() async throws {
        let tmp = try TempFolder()
        let a = try await SourceGenerator.write(.small(orders: 5000, days: 4, seed: 1), to: tmp.sub("a"))
        let b = try await SourceGenerator.write(.small(orders: 5000, days: 4, seed: 2), to: tmp.sub("b"))
        #expect(a.orderRows == 5000 && b.orderRows == 5000)
        let fa = try Tree.files(tmp.sub("a")), fb = try Tree.files(tmp.sub("b"))
        let day = "2_child_company/full_load/orders/landing/orders_2025_01_02.csv"
        #expect(fa[day] != nil)
        #expect(fa[day] != fb[day])
        #expect(fa["1_parent_company/full_load/fact_orders.csv"] != fb["1_parent_company/full_load/fact_orders.csv"])
    }

    @Test func compressedOutputIsDeterministicToo() async throws {
        let tmp = try TempFolder()
        var config = GeneratorConfig.small(orders: 8000, days: 3)
        config.compression = .zstd
        config.frameBytes = 16 << 10
        _ = try await SourceGenerator.write(config, to: tmp.sub("a"))
        config.workers = 1
        _ = try await SourceGenerator.write(config, to: tmp.sub("b"))
        #expect(try Tree.files(tmp.sub("a")) == Tree.files(tmp.sub("b")))
    }
}
