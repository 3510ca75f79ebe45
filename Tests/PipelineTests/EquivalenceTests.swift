import Foundation
import Testing
@testable import Pipeline

/// Rules §5.3: the gold tables do not depend on how the files arrive or how they are encoded.
@Suite("Same gold however the files arrive", .serialized)
struct EquivalenceTests {
    /// Gold after a backfill of full_load and one incremental run: the reference
    /// (computed once for the suite).
    static func reference() async throws -> [String: [[String?]]] {
        try await ReferenceGold.shared.value()
    }

    static func computeReference() async throws -> [String: [[String?]]] {
        let lake = try TestLake()
        try lake.deliver(RealData.isFullLoad)
        _ = try await lake.run()
        try lake.deliver(RealData.isIncremental)
        _ = try await lake.run()
        return try lake.gold()
    }

    @Test("all files in one run = backfill then incremental")
    func oneRun() async throws {
        let expected = try await Self.reference()
        let lake = try TestLake()
        try lake.deliver { _ in true }
        let run = try await lake.run()
        #expect(run.newFiles == 190)
        let gold = try lake.gold()
        for table in TestLake.goldTables { #expect(gold[table.description] == expected[table.description], "\(table)") }
        #expect(gold["gold/fact_orders"]?.count == 101_212)
    }

    @Test("--full-refresh rebuilds every table from all files: same gold, no doubled rows")
    func fullRefresh() async throws {
        let expected = try await Self.reference()
        let lake = try TestLake()
        try lake.deliver(RealData.isFullLoad)
        _ = try await lake.run()
        try lake.deliver(RealData.isIncremental)
        _ = try await lake.run()
        let bronzeOrders = try lake.rows(LakeCatalog.bronze(.orders)).rowCount
        let silverOrders = try lake.rows(LakeCatalog.silverOrders).rowCount
        let refresh = try await lake.run(fullRefresh: true)
        #expect(refresh.mode == .fullRefresh && refresh.batchId == 3 && refresh.newFiles == 190 && refresh.isConserved)
        #expect(try lake.gold() == expected)
        #expect(try lake.rows(LakeCatalog.bronze(.orders)).rowCount == bronzeOrders)
        #expect(try lake.rows(LakeCatalog.silverOrders).rowCount == silverOrders)
        #expect(Set(texts(try lake.rows(LakeCatalog.silverOrders), "_batch_id")) == ["3"])
        // After a refresh, the ledger starts over from it: nothing is new.
        #expect(try await !lake.run().committed)
    }

    @Test("a tiny --memory-limit spills and gives the same gold and silver")
    func spilling() async throws {
        let expected = try await Self.reference()
        let lake = try TestLake()
        try lake.deliver(RealData.isFullLoad)
        _ = try await lake.run(memoryLimit: 1 << 20)
        try lake.deliver(RealData.isIncremental)
        let second = try await lake.run(memoryLimit: 1 << 20)
        #expect(second.isConserved)
        #expect((second.spilledBytes ?? 0) > 0, "the dedup must have spilled")
        #expect(try lake.gold() == expected)
        #expect(try lake.rows(LakeCatalog.silverOrders).rowCount == 40_811 + 7_834)
        // Spill files live under the lake's scratch folder and are gone after the run.
        let scratch = (try? FileManager.default.contentsOfDirectory(atPath: LakeLayout.scratchDirectory(lake.lake))) ?? []
        #expect(scratch.isEmpty)
    }

    @Test("the 182 order files one day per run")
    func dayByDay() async throws {
        let expected = try await Self.reference()
        let lake = try TestLake()
        let orderDays = try RealData.files().filter { $0.contains("/orders/") }
        #expect(orderDays.count == 182)
        // First run: every file that is not a child order file, plus the first day.
        try lake.deliver { !$0.contains("/orders/") || $0 == orderDays.first }
        _ = try await lake.run(workers: 1)
        for day in orderDays.dropFirst() {
            try lake.deliver { $0 == day }
            let run = try await lake.run(workers: 1)
            #expect(run.newFiles == 1 && run.committed && run.isConserved, "\(day)")
        }
        #expect(LakeJournal(lake: lake.lake).lastBatch == 182)
        let gold = try lake.gold()
        for table in TestLake.goldTables { #expect(gold[table.description] == expected[table.description], "\(table)") }
    }

    @Test("recompressed or CRLF inputs give the same gold", arguments: [
        Encoding.gzip, .gzipMembers, .zstd, .zstdFrames, .crlf,
    ])
    func encodings(_ encoding: Encoding) async throws {
        let expected = try await Self.reference()
        let lake = try TestLake()
        try lake.deliver(RealData.isFullLoad, encoding: encoding)
        _ = try await lake.run()
        try lake.deliver(RealData.isIncremental, encoding: encoding)
        let second = try await lake.run()
        #expect(second.newFiles == 32)
        let gold = try lake.gold()
        for table in TestLake.goldTables { #expect(gold[table.description] == expected[table.description], "\(table)") }
    }
}

actor ReferenceGold {
    static let shared = ReferenceGold()
    private var cached: [String: [[String?]]]?

    func value() async throws -> [String: [[String?]]] {
        if let cached { return cached }
        let gold = try await EquivalenceTests.computeReference()
        cached = gold
        return gold
    }
}
