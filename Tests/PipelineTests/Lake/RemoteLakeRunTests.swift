import Foundation
import Lake
import ObjectStorage
import ObjectStoreFixtures
@testable import Pipeline
import Testing

/// `medallion run` with its source and lake in an object store: the S3-like in-memory double
/// (no rename, no folders, listing pages of 4 keys, multipart writers visible only at finish,
/// injected failures). Gold must equal a local run's; a failed upload must leave the lake at its
/// previous version and the next run must complete the work; the lease must keep runs apart.
@Suite("Runs on an object store", .serialized)
struct RemoteLakeRunTests {
    /// A mounted double holding the sample files under `source/`, with the lake at `lake/`.
    final class RemoteLake: @unchecked Sendable {
        let store: MemoryObjectStore
        let local: TestLake
        var source: String { store.description + "/source" }
        var lake: String { store.description + "/lake" }

        init(_ name: String) throws {
            store = MemoryObjectStore(name: "s3://" + name, pageSize: 4)
            local = try TestLake()
            ObjectStores.mount(store)
        }

        deinit { ObjectStores.unmount(store) }

        /// Delivers sample files to the local test source and the same bytes to the store.
        func deliver(_ include: @escaping (String) -> Bool, encoding: Encoding = .plain) throws {
            try local.deliver(include, encoding: encoding)
            try store.upload(directory: local.source, prefix: "source")
        }

        func run(fullRefresh: Bool = false) async throws -> RunSummary {
            try await PipelineRun.run(RunOptions(source: source, lake: lake, workers: 2, fullRefresh: fullRefresh))
        }

        func gold(lake path: String) throws -> [String: [[String?]]] {
            var out: [String: [[String?]]] = [:]
            for table in TestLake.goldTables {
                out[table.description] = try RemoteLakeReadTests.sortedRows(lake: path, table)
            }
            return out
        }
    }

    @Test("backfill and incremental on the store give the local run's gold; compressed inputs split by ranges")
    func backfillAndIncrementalMatchLocal() async throws {
        let remote = try RemoteLake("remote-run-equal")
        try remote.deliver(RealData.isFullLoad, encoding: .zstdFrames)
        let first = try await remote.run()
        #expect(first.committed && first.mode == .backfill && first.isConserved)
        let traffic = try #require(first.objectStorage)
        #expect(traffic.bytesRead > 0 && traffic.bytesWritten > 0)
        // No temp objects, no staging: every key is a data file, a log entry or bookkeeping.
        #expect(!remote.store.keys.contains { $0.contains("_staging") || $0.contains(".tmp") })
        #expect(remote.store.openUploads.isEmpty)

        try remote.deliver(RealData.isIncremental, encoding: .zstdFrames)
        let second = try await remote.run()
        #expect(second.committed && second.mode == .incremental && second.newFiles > 0)
        let third = try await remote.run()
        #expect(!third.committed && third.newFiles == 0, "the ledger knows the objects by key, size and ETag")

        _ = try await remote.local.run()
        _ = try await remote.local.run()
        let expected = try remote.gold(lake: remote.local.lake)
        let got = try remote.gold(lake: remote.lake)
        #expect(got == expected)
        #expect(!(got["gold/fact_orders"] ?? []).isEmpty)

        let status = try LakeStatus.load(lake: remote.lake)
        #expect(status.runs.map(\.batchId) == [1, 2])
        #expect(status.problems.isEmpty && status.unpublished.isEmpty)
        // The ledger keeps the objects' ETags, not content hashes.
        #expect(status.ingested.allSatisfy { $0.hash.hasPrefix("etag:") })
    }

    @Test("a failed upload leaves the lake at its previous version; the next run completes the work")
    func failedUploadLeavesTheLakeAsItWas() async throws {
        let remote = try RemoteLake("remote-run-failure")
        try remote.deliver(RealData.isFullLoad)
        _ = try await remote.run()
        let before = try LakeStatus.load(lake: remote.lake)
        let keysBefore = Set(remote.store.keys)

        try remote.deliver(RealData.isIncremental)
        // The third data-file part upload of the run fails (as S3 would after its retries).
        remote.store.failWhen(.upload, kind: .unavailable, times: 1) { $0.contains("gold/") && $0.hasSuffix(".parquet") }
        await #expect(throws: (any Error).self) { try await remote.run() }
        let after = try LakeStatus.load(lake: remote.lake)
        #expect(after.runs.map(\.batchId) == before.runs.map(\.batchId))
        #expect(after.tables.map(\.version) == before.tables.map(\.version))
        #expect(after.tables.map(\.rows) == before.tables.map(\.rows))
        // No log entry or manifest of the failed run became visible.
        let newKeys = Set(remote.store.keys).subtracting(keysBefore)
        #expect(!newKeys.contains { $0.contains("_delta_log/") || $0.contains("_medallion/runs/") })

        let retry = try await remote.run()
        #expect(retry.committed && retry.batchId == 2)
        // Data files of the failed run that no version references are removed by the next run.
        let status = try LakeStatus.load(lake: remote.lake)
        #expect(status.problems.isEmpty)
        let leftovers = try LakeLeftovers.find(lake: remote.lake, lastRun: LakeJournal(lake: remote.lake).manifests().last)
        #expect(leftovers.filter { $0.kind == .unreferenced }.isEmpty)
    }

    @Test("a second run is refused while the lease is held, and takes over an expired lease")
    func leaseKeepsRunsApart() async throws {
        let remote = try RemoteLake("remote-run-lease")
        try remote.deliver(RealData.isFullLoad)
        let holder = try LakeLock(lake: remote.lake)
        do {
            _ = try await remote.run()
            Issue.record("a run went ahead while another held the lease")
        } catch let error as PipelineError {
            guard case let .lakeLocked(_, who) = error else { throw error }
            #expect(who.contains("pid \(getpid())"))
            #expect(who.contains("lease expires"))
        }
        holder.release()
        #expect(try await remote.run().committed)

        // A holder that died: its lease is not released and has expired.
        let expired = LakeLease.Note(owner: "dead", host: "elsewhere", pid: 1, since: "2026-01-01T00:00:00Z",
                                     expires: Date().timeIntervalSince1970 - 1, released: false)
        let keys = remote.store.keys.filter { $0.hasPrefix("lake/" + LakeLease.directory + "/") }
        let newest = try #require(keys.last)
        let number = try #require(Int64((newest as NSString).lastPathComponent.dropLast(5)))
        let next = String(format: "lake/%@/%020lld.json", LakeLease.directory, number + 1)
        remote.store.put(next, try JSONEncoder().encode(expired))
        try remote.deliver(RealData.isIncremental)
        let taken = try await remote.run()
        #expect(taken.committed && taken.batchId == 2)

        // Two runs racing for one generation: createIfAbsent lets exactly one win.
        let held = await withTaskGroup(of: LakeLock?.self) { group in
            for _ in 0 ..< 4 { group.addTask { try? LakeLock(lake: remote.lake) } }
            var locks: [LakeLock] = []
            for await lock in group { if let lock { locks.append(lock) } }
            return locks
        }
        #expect(held.count == 1)
        held.forEach { $0.release() }
    }
}
