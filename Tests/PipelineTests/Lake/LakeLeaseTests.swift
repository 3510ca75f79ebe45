import Foundation
import ObjectStorage
import ObjectStoreFixtures
@testable import Pipeline
import Testing

/// The lease of a lake in an object store (the S3-like in-memory double): a holder whose lease
/// expired and was taken over finds out — its renewal fails and the pre-commit check throws —
/// instead of writing over its successor; a holder whose lease object was rewritten finds out
/// through the conditional (If-Match) renewal; a new holder aborts the uploads earlier runs
/// left unfinished under the lake, and only those.
@Suite("Lake lease on an object store", .serialized)
struct LakeLeaseTests {
    /// A fresh mounted store; the lake is `<store>/lake`.
    static func store(_ name: String) -> MemoryObjectStore {
        let store = MemoryObjectStore(name: "s3://" + name)
        ObjectStores.mount(store)
        return store
    }

    static func note(_ store: MemoryObjectStore, _ key: String) throws -> LakeLease.Note {
        try JSONDecoder().decode(LakeLease.Note.self, from: Data(try #require(store.object(key)).bytes))
    }

    @Test("a holder whose expired lease was taken over fails its renewal and its pre-commit check")
    func takenOverLeaseIsNoticed() throws {
        let store = Self.store("lease-taken")
        defer { ObjectStores.unmount(store) }
        let lake = store.description + "/lake"
        let first = try LakeLock(lake: lake)
        let stalled = try #require(first.lease)
        #expect(stalled.renew())
        try first.checkHeld()

        // The holder stalls past its expiry (its object now says so), and another run takes over.
        var expired = try Self.note(store, stalled.key)
        expired.expires = Date().timeIntervalSince1970 - 1
        store.put(stalled.key, try JSONEncoder().encode(expired))
        let second = try LakeLock(lake: lake)
        let successor = try #require(second.lease)
        #expect(successor.key > stalled.key)
        let successorBytes = try #require(store.object(successor.key)).bytes

        do {
            try first.checkHeld()
            Issue.record("a run whose lease was taken over may still commit")
        } catch let PipelineError.leaseLost(path, reason) {
            #expect(path == lake)
            #expect(reason.contains("took it over") && reason.contains("pid \(getpid())"), "\(reason)")
        }
        #expect(!stalled.renew())
        // The old object records the takeover; the stalled run's release leaves the successor's alone.
        let old = try Self.note(store, stalled.key)
        #expect(old.released && old.takenOverBy?.contains("pid \(getpid())") == true)
        first.release()
        #expect(try #require(store.object(successor.key)).bytes == successorBytes)
        #expect(successor.renew())
        try second.checkHeld()
        second.release()
        #expect(try Self.note(store, successor.key).released)
    }

    @Test("renewal is conditional: a lease object rewritten by someone else is lost, not overwritten")
    func rewrittenLeaseIsNotOverwritten() throws {
        let store = Self.store("lease-rewritten")
        defer { ObjectStores.unmount(store) }
        let lock = try LakeLock(lake: store.description + "/lake")
        let lease = try #require(lock.lease)
        var theirs = try Self.note(store, lease.key)
        theirs.owner = "someone else"
        store.put(lease.key, try JSONEncoder().encode(theirs))
        #expect(!lease.renew())
        #expect(try Self.note(store, lease.key).owner == "someone else")
        do {
            try lock.checkHeld()
            Issue.record("a run whose lease object was rewritten may still commit")
        } catch let PipelineError.leaseLost(_, reason) {
            #expect(reason.contains("rewritten by another run"), "\(reason)")
        }
        lock.release()
        #expect(try Self.note(store, lease.key).owner == "someone else")
    }

    @Test("taking the lease aborts the uploads earlier runs left unfinished under the lake, only those")
    func unfinishedUploadsAreAborted() throws {
        let store = Self.store("lease-uploads")
        defer { ObjectStores.unmount(store) }
        let lake = store.description + "/lake"
        // A killed run's writer: parts uploaded, never finished or aborted. And one outside the lake.
        let killed = try store.makeWriter(key: "lake/silver/orders/part-00001.parquet")
        try killed.append([1, 2, 3])
        let elsewhere = try store.makeWriter(key: "lake-archive/part-00001.parquet")
        try elsewhere.append([4, 5, 6])
        #expect(store.openUploads.count == 2)

        let lock = try LakeLock(lake: lake)
        #expect(lock.cleanup == "aborted 1 unfinished upload of an earlier run")
        #expect(store.openUploads.count == 1)
        #expect(throws: ObjectStoreFailure.self) { try killed.finish() }
        try elsewhere.finish()
        #expect(store.object("lake-archive/part-00001.parquet") != nil)

        // The holder's own uploads begun after it took the lease are not old: a cutoff in the past spares them.
        let own = try store.makeWriter(key: "lake/gold/part-00002.parquet")
        try own.append([7])
        #expect(try store.abortUnfinishedWrites(prefix: "lake/", startedBefore: Date().addingTimeInterval(-60)) == 0)
        try own.finish()
        lock.release()
        let next = try LakeLock(lake: lake)
        #expect(next.cleanup == nil)
        next.release()
    }
}
