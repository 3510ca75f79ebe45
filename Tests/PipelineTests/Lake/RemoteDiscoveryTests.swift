import ObjectStorage
import ObjectStoreFixtures
@testable import Pipeline
import SportsBar
import Testing

/// Discovery in an object store takes each file's ledger identity (ETag) from the one listing:
/// no request per file to ask for it again (with hundreds of daily files, that was a third of
/// a run's requests at discovery).
@Suite("Discovery on an object store")
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
}
