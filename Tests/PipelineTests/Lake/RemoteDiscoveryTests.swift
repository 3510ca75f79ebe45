import ObjectStorage
import ObjectStoreFixtures
@testable import Pipeline
import SportsBar
import Testing

/// Discovery in an object store takes each file's ledger identity (ETag) from the one listing:
/// no request per file to ask for it again (with hundreds of daily files, that was a third of
/// a run's requests at discovery); the scan opens each object with the listing's size and ETag
/// and sniffs its codec from its first read.
@Suite("Source files on an object store")
struct RemoteDiscoveryTests {
    @Test("identities come from the listing: a store refusing every HEAD does not stop discovery")
    func identitiesFromTheListing() throws {
        let store = MemoryObjectStore(name: "s3://remote-discovery", pageSize: 4)
        ObjectStores.mount(store)
        defer { ObjectStores.unmount(store) }
        let lake = try TestLake()
        try lake.deliver(RealData.isFullLoad)
        try store.upload(directory: lake.source, prefix: "source")
        let source = store.description + "/source"

        let listing = try SourceDiscovery.list(source: source, tables: SourceTable.all)
        #expect(listing.fileCount > 0)
        #expect(listing.objects.count == listing.fileCount)
        // From here a HEAD (or an open) of any source object fails.
        store.failWhen(.info, kind: .accessDenied, times: 10_000) { $0.hasPrefix("source/") }
        let found = try SourceDiscovery.discover(listing, tables: SourceTable.all, ingested: [:])
        #expect(found.identities.count == listing.fileCount)
        for (relative, identity) in found.identities {
            let etag = try #require(store.object("source/" + relative)?.etag)
            #expect(identity.hash == SourceDiscovery.etagPrefix + etag, "\(relative)")
        }
    }

    @Test("a run lists the source once, sends no HEAD and reads each small object with one GET",
          arguments: [Encoding.plain, .zstdFrames, .gzip])
    func oneRequestPerSmallFile(encoding: Encoding) async throws {
        let store = MemoryObjectStore(name: "s3://remote-scan-\(encoding)", pageSize: 50)
        ObjectStores.mount(store)
        defer { ObjectStores.unmount(store) }
        let lake = try TestLake()
        try lake.deliver(RealData.isFullLoad, encoding: encoding)
        try store.upload(directory: lake.source, prefix: "source")
        let before = store.callLog.count
        let summary = try await PipelineRun.run(RunOptions(source: store.description + "/source", lake: lake.lake, workers: 2))
        #expect(summary.committed && summary.isConserved)

        let calls = store.callLog.dropFirst(before)
        #expect(!calls.contains { $0.operation == .info }, "no HEAD: sizes and ETags come from the listing")
        let sourceObjects = store.keys.filter { $0.hasPrefix("source/") }
        let pages = (sourceObjects.count + store.pageSize - 1) / store.pageSize
        #expect(calls.filter { $0.operation == .list }.count <= pages + 1, "one listing for every table's glob")
        var reads: [String: Int] = [:]
        for call in calls where call.operation == .read { reads[call.key, default: 0] += 1 }
        for key in sourceObjects {
            let size = try #require(store.object(key)).bytes.count
            if key.contains("/orders/") {
                // The daily files: many of them, each read whole by one task.
                #expect(reads[key] == 1, "\(key) (\(size) bytes) read with \(reads[key] ?? 0) requests")
            } else {
                // A lone table file is cut for both workers into 256 KiB pieces, each read once;
                // the codec sniff and the header walk (1 MiB windows) add a few.
                #expect((reads[key] ?? 0) <= 4 + (size >> 18), "\(key) (\(size) bytes) read with \(reads[key] ?? 0) requests")
            }
        }
    }
}
