import Foundation
import Testing
@testable import Pipeline

/// Rules §5 and the run's safety: a failed or killed run leaves the lake as it was (or,
/// past its commit point, is completed by the next run); one run at a time.
@Suite("Run safety: faults, kills, the lock", .serialized)
struct RunSafetyTests {
    /// Lake state a reader can see: table versions, committed runs, gold rows.
    struct Visible: Equatable {
        var versions: [String: Int64]
        var batches: [Int64]
        var gold: [String: [[String?]]]
    }

    func visible(_ lake: TestLake) throws -> Visible {
        Visible(versions: try lake.versions(), batches: LakeJournal(lake: lake.lake).batches(), gold: try lake.gold())
    }

    @Test("a fault before the commit point leaves the lake as it was; the rerun gives the same gold",
          arguments: [FaultPoint.afterDiscovery, .afterBronze, .afterSilver, .afterGold, .beforeCommit])
    func faultBeforeCommit(_ point: FaultPoint) async throws {
        let expected = try await EquivalenceTests.reference()
        let lake = try TestLake()
        try lake.deliver(RealData.isFullLoad)
        _ = try await lake.run()
        try lake.deliver(RealData.isIncremental)
        let before = try visible(lake)
        await #expect(throws: PipelineError.injectedFault(point: point.rawValue)) {
            try await lake.run(fault: point)
        }
        #expect(try visible(lake) == before)
        let rerun = try await lake.run()
        #expect(rerun.committed && rerun.newFiles == 32 && rerun.batchId == 2)
        #expect(try lake.gold() == expected)
    }

    @Test("a fault while publishing is completed by the next run")
    func faultMidPublish() async throws {
        let expected = try await EquivalenceTests.reference()
        let lake = try TestLake()
        try lake.deliver(RealData.isFullLoad)
        _ = try await lake.run()
        try lake.deliver(RealData.isIncremental)
        await #expect(throws: PipelineError.injectedFault(point: FaultPoint.midPublish.rawValue)) {
            try await lake.run(fault: .midPublish)
        }
        // Past the commit point: the run exists, some tables are not published yet.
        #expect(LakeJournal(lake: lake.lake).batches() == [1, 2])
        #expect(try !LakeStatus.load(lake: lake.lake).unpublished.isEmpty)
        let next = try await lake.run()
        #expect(!next.committed, "the batch was committed before the fault; nothing is new")
        #expect(try LakeStatus.load(lake: lake.lake).unpublished.isEmpty)
        #expect(try lake.gold() == expected)
    }

    @Test("a failed backfill leaves no tables; the rerun is a backfill")
    func failedBackfill() async throws {
        let lake = try TestLake()
        try lake.deliver(RealData.isFullLoad)
        await #expect(throws: PipelineError.self) { try await lake.run(fault: .beforeCommit) }
        #expect(try lake.versions().isEmpty)
        let rerun = try await lake.run()
        #expect(rerun.mode == .backfill && rerun.batchId == 1)
    }

    @Test("a second run on a locked lake fails at once, naming the holder")
    func lock() async throws {
        let lake = try TestLake()
        try lake.deliver { $0.contains("1_parent_company/full_load/dim_") }
        let held = try LakeLock(lake: lake.lake)
        do {
            _ = try await lake.run()
            Issue.record("the run did not notice the lock")
        } catch let PipelineError.lakeLocked(path, holder) {
            #expect(path == lake.lake)
            #expect(holder.contains("pid \(ProcessInfo.processInfo.processIdentifier)"))
        }
        held.release()
        let run = try await lake.run()
        #expect(run.committed)
    }

    @Test("a changed file under an ingested name is ingested again; an unchanged copy is not")
    func fileIdentity() async throws {
        let lake = try TestLake()
        try lake.deliver { $0.contains("1_parent_company/full_load/") }
        _ = try await lake.run()
        let fact = lake.source + "/1_parent_company/full_load/fact_orders.csv"
        // Same bytes, new mtime: hashed again, recognised, skipped.
        try FileManager.default.setAttributes([.modificationDate: Date().addingTimeInterval(60)], ofItemAtPath: fact)
        #expect(try await !lake.run().committed)
        // One more row: a new file.
        let handle = try #require(FileHandle(forWritingAtPath: fact))
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("2025-11-01,p1,c1,5\n".utf8))
        try handle.close()
        let run = try await lake.run()
        #expect(run.committed && run.newFiles == 1)
    }
}

/// A lake written before the monthly partials were kept: the next run derives them
/// once from silver and gives the same gold as a lake that always had them.
@Suite("Monthly partials of older lakes")
struct MonthlyPartialsMigrationTests {
    @Test("a lake without _medallion/state/orders_monthly is migrated on its next run")
    func migration() async throws {
        let expected = try await EquivalenceTests.reference()
        let lake = try TestLake()
        try lake.deliver(RealData.isFullLoad)
        _ = try await lake.run()
        // Make it look like an older lake: no partials table, no commits of it in the manifests.
        try FileManager.default.removeItem(atPath: LakeCatalog.ordersMonthly.path(in: lake.lake))
        let journal = LakeJournal(lake: lake.lake)
        for batch in journal.batches() {
            var manifest = try journal.manifest(batch)
            manifest.commits.removeAll { $0.table == LakeCatalog.ordersMonthly }
            try JSONEncoder().encode(manifest).write(to: URL(fileURLWithPath: LakeLayout.manifestPath(lake.lake, batch: batch)))
        }
        try lake.deliver(RealData.isIncremental)
        _ = try await lake.run()
        #expect(lake.store.exists(LakeCatalog.ordersMonthly))
        #expect(try lake.gold() == expected)
        // And the partials now cover every month of silver.
        let partials = try lake.rows(LakeCatalog.ordersMonthly)
        #expect(Set(texts(partials, "date")).count == 6)
    }
}
