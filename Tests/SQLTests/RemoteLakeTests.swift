import Foundation
import LakeFixtures
import ObjectStorage
import ObjectStoreFixtures
import SQL
import Testing

/// SQL over a lake in an object store: the sample lake copied into the S3-like in-memory double
/// (small listing pages, no folders, ranged reads) answers as the local lake does, and the bytes
/// it reads are counted by the store.
@Suite struct RemoteLakeTests {
    @Test func queriesGiveTheLocalAnswers() async throws {
        let local = try await SampleLake.shared.path()
        let store = MemoryObjectStore(name: "s3://sql-remote-lake/prod", pageSize: 5)
        try store.upload(directory: local)
        ObjectStores.mount(store)
        defer { ObjectStores.unmount(store) }
        let remote = store.description

        let queries = [
            "SELECT count(*), sum(sold_quantity) FROM gold.fact_orders",
            "SELECT channel, round(sum(total_amount_inr), 2) AS revenue FROM gold.fact_orders_enriched GROUP BY channel ORDER BY channel",
            "SELECT order_month, count(*) FROM silver.orders GROUP BY order_month ORDER BY order_month LIMIT 5",
            "SHOW TABLES",
        ]
        let before = store.counters.snapshot
        for sql in queries {
            let expected = try await SQLEngine(lake: local, workers: 2).run(sql).rows()
            let got = try await SQLEngine(lake: remote, workers: 2).run(sql).rows()
            #expect(got == expected, "\(sql)")
            #expect(!got.isEmpty)
        }
        let moved = store.counters.snapshot.since(before)
        #expect(moved.bytesRead > 0)
        #expect(moved.requests > 0)
    }

    @Test func aMissingRemoteTableSaysWhere() async throws {
        let store = MemoryObjectStore(name: "s3://sql-remote-empty")
        ObjectStores.mount(store)
        defer { ObjectStores.unmount(store) }
        store.put("gold/other/readme.txt", [1])
        await #expect(throws: SQLError.self) { try await SQLEngine(lake: store.description, workers: 1).run("SELECT * FROM gold.fact_orders") }
    }
}
