import Columns
import Foundation
import Lake
import LakeFixtures
import ObjectStorage
import ObjectStoreFixtures
@testable import Pipeline
import Testing

/// The lake's readers on an object store: the sample lake copied into the S3-like double reads as
/// the local one does (status, snapshot pins, table data through ranged reads).
@Suite struct RemoteLakeReadTests {
    @Test func statusAndSnapshotsMatchTheLocalLake() async throws {
        let local = try await SampleLake.shared.path()
        let store = MemoryObjectStore(name: "s3://pipeline-remote-read/lake", pageSize: 3)
        try store.upload(directory: local)
        ObjectStores.mount(store)
        defer { ObjectStores.unmount(store) }
        let remote = try LakeLocation.open(store.description)
        #expect(remote == "s3://pipeline-remote-read/lake")

        #expect(LakeSnapshot.isLake(remote))
        let localStatus = try LakeStatus.load(lake: local)
        let remoteStatus = try LakeStatus.load(lake: remote)
        #expect(remoteStatus.runs.map(\.batchId) == localStatus.runs.map(\.batchId))
        #expect(remoteStatus.ingested.map(\.path) == localStatus.ingested.map(\.path))
        #expect(remoteStatus.tables.map(\.rows) == localStatus.tables.map(\.rows))
        #expect(remoteStatus.tables.map(\.version) == localStatus.tables.map(\.version))
        #expect(remoteStatus.problems.isEmpty)

        for table in [LakeCatalog.factOrders, LakeCatalog.dimCustomers] {
            let localRows = try Self.sortedRows(lake: local, table)
            let remoteRows = try Self.sortedRows(lake: remote, table)
            #expect(remoteRows == localRows, "\(table)")
            #expect(!remoteRows.isEmpty)
        }
        #expect(store.counters.snapshot.bytesRead > 0)
    }

    static func sortedRows(lake: String, _ table: LakeTable) throws -> [[String?]] {
        let schema = LakeCatalog.shape(of: table)?.schema ?? Schema([])
        let batch = try RecordBatch.concat(TableStore(lake: lake).read(table), schema: schema)
        let columns = batch.schema.fields.map { texts(batch, $0.name) }
        return (0 ..< batch.rowCount).map { row in columns.map { $0[row] } }
            .sorted { $0.map { $0 ?? "\u{0}" }.lexicographicallyPrecedes($1.map { $0 ?? "\u{0}" }) }
    }

    @Test func aMissingRemoteLakeIsNotALake() throws {
        let store = MemoryObjectStore(name: "s3://pipeline-remote-none")
        ObjectStores.mount(store)
        defer { ObjectStores.unmount(store) }
        #expect(!LakeSnapshot.isLake(store.description))
        #expect(throws: PipelineError.self) { try LakeSnapshot.load(lake: store.description) }
    }
}
