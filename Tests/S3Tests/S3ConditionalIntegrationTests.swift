import Foundation
import ObjectStorage
import S3
import Testing
import TestSupport

/// The two calls the run lease needs, against moto: a replace conditional on the ETag
/// (`If-Match`), and aborting the multipart uploads a killed writer left under a prefix.
@Suite(.timeLimit(.minutes(5))) struct S3ConditionalIntegrationTests {
    private func store(_ purpose: String, prefix: String = "lakes/prod") async throws -> S3ObjectStore {
        let server = try MotoServer.shared()
        let bucket = try await S3Test.bucket(try S3Test.client(server), purpose)
        var store = try S3ObjectStore.open(bucket: bucket, prefix: prefix, environment: server.environment,
                                           retryPolicy: S3Test.fastRetries)
        store.partSize = S3MultipartWriter.minimumPartSize
        return store
    }

    @Test func replaceSucceedsOnlyWhileTheETagIsUnchanged() async throws {
        let store = try await store("cond-replace")
        try store.write(key: "lease/1.json", bytes: ContiguousArray("first".utf8))
        let first = try #require(try store.info(key: "lease/1.json")?.etag)
        let second = try store.replace(key: "lease/1.json", bytes: ContiguousArray("second".utf8), ifMatch: first)
        #expect(second != first)
        #expect(try store.readAll(key: "lease/1.json") == ContiguousArray("second".utf8))
        #expect(try store.info(key: "lease/1.json")?.etag == second)

        // Someone else rewrote it: the replace on the stale ETag fails and leaves their bytes.
        try store.write(key: "lease/1.json", bytes: ContiguousArray("theirs".utf8))
        do {
            _ = try store.replace(key: "lease/1.json", bytes: ContiguousArray("mine".utf8), ifMatch: second)
            Issue.record("a replace on a stale ETag succeeded")
        } catch {
            #expect(error.kind == .changed)
            #expect(error.description.contains("lease/1.json") && error.description.contains(second))
        }
        #expect(try store.readAll(key: "lease/1.json") == ContiguousArray("theirs".utf8))

        // Deleted: no object to match either.
        try store.delete(key: "lease/1.json")
        #expect(throws: ObjectStoreFailure.self) {
            _ = try store.replace(key: "lease/1.json", bytes: ContiguousArray("mine".utf8), ifMatch: second)
        }
        #expect(try store.info(key: "lease/1.json") == nil)
    }

    @Test func abandonedUploadsUnderThePrefixAreAborted() async throws {
        let store = try await store("cond-uploads")
        let client = store.client
        // Two writers "killed" after their first part (never finished nor aborted): one under the
        // store's prefix, one beside it. (moto reports one fixed Initiated time for every upload,
        // so the cutoff's ordering is tested on the in-memory store, RemoteLakeRunTests.)
        func abandoned(_ key: String) async throws -> String {
            let writer = S3MultipartWriter(client: client, bucket: store.bucket, key: key,
                                           partSize: S3MultipartWriter.minimumPartSize)
            try await writer.write(S3Test.payload(S3MultipartWriter.minimumPartSize + 10, seed: 7))
            return try #require(await writer.currentUploadID)
        }
        let inside = try await abandoned("lakes/prod/silver/orders/part-1.parquet")
        let outside = try await abandoned("lakes/other/part-1.parquet")
        let before = try await client.listMultipartUploads(bucket: store.bucket, prefix: "lakes/prod/")
        #expect(before.map(\.uploadID) == [inside])
        #expect(before.first?.initiated != nil)

        #expect(try store.abortUnfinishedWrites(prefix: "", startedBefore: Date().addingTimeInterval(60)) == 1)
        #expect(try await client.listMultipartUploads(bucket: store.bucket, prefix: "lakes/prod/").isEmpty)
        #expect(try await client.listMultipartUploads(bucket: store.bucket).map(\.uploadID) == [outside])
        #expect(try store.abortUnfinishedWrites(prefix: "", startedBefore: Date().addingTimeInterval(60)) == 0)
    }
}
