import Foundation
import ObjectStorage
import S3
import Testing
import TestSupport

/// The `ObjectStore` face of S3, against moto: keys under a prefix, delimiter listings,
/// ranged readers, streamed multipart writes, the conditional create and its failure kinds.
@Suite(.timeLimit(.minutes(5))) struct S3ObjectStoreTests {
    private func store(_ purpose: String, secret: String? = nil) async throws -> S3ObjectStore {
        let server = try MotoServer.shared()
        let bucket = try await S3Test.bucket(try S3Test.client(server), purpose)
        var environment = server.environment
        if let secret { environment["AWS_SECRET_ACCESS_KEY"] = secret }
        var store = try S3ObjectStore.open(bucket: bucket, prefix: "lakes/prod/", environment: environment,
                                           retryPolicy: S3Test.fastRetries)
        store.partSize = S3MultipartWriter.minimumPartSize
        return store
    }

    @Test func keysLiveUnderThePrefixAndListLikeFolders() async throws {
        let store = try await store("store-list")
        #expect(store.description.hasSuffix("/lakes/prod"))
        for key in ["silver/orders/_delta_log/00000000000000000000.json", "silver/orders/part-0.parquet",
                    "silver/customers/part-0.parquet", "gold/x.parquet"] {
            try store.write(key: key, bytes: ContiguousArray(key.utf8))
        }
        let all = try store.listAll(prefix: "silver/")
        #expect(all.objects.map(\.key) == ["silver/customers/part-0.parquet", "silver/orders/_delta_log/00000000000000000000.json",
                                            "silver/orders/part-0.parquet"])
        #expect(all.objects.allSatisfy { $0.etag != nil && $0.lastModified != nil })
        let folders = try store.listAll(prefix: "silver/", delimiter: "/")
        #expect(folders.objects.isEmpty)
        #expect(folders.commonPrefixes == ["silver/customers/", "silver/orders/"])
        let direct = try S3Test.client(try MotoServer.shared())
        #expect(try await direct.headObject(bucket: store.bucket, key: "lakes/prod/gold/x.parquet")?.size == 14)
        #expect(try store.readAll(key: "gold/x.parquet") == ContiguousArray("gold/x.parquet".utf8))
        try store.delete(key: "gold/x.parquet")
        #expect(try store.info(key: "gold/x.parquet") == nil)
        #expect(try store.readIfExists(key: "gold/x.parquet") == nil)
    }

    @Test func readersReadRangesAndSeveralAtOnce() async throws {
        let store = try await store("store-read")
        let bytes = ContiguousArray(S3Test.payload(300_000, seed: 3))
        try store.write(key: "part.parquet", bytes: bytes)
        let reader = try store.openReader(key: "part.parquet")
        #expect(reader.size == 300_000)
        #expect(try reader.read(at: 299_992, count: 8) == ContiguousArray(bytes[299_992...]))
        let s3Reader = try #require(reader as? S3ObjectReader)
        let parts = try s3Reader.read(ranges: [(0, 4), (100_000, 50_000), (250_000, 50_000)])
        #expect(parts == [ContiguousArray(bytes[0..<4]), ContiguousArray(bytes[100_000..<150_000]),
                          ContiguousArray(bytes[250_000..<300_000])])
        do {
            _ = try reader.read(at: 299_999, count: 2)
            Issue.record("a read past the end succeeded")
        } catch {
            #expect(error.kind == .shortRead)
        }
        // Replaced after open: the pinned ETag makes the next ranged read fail, not mix versions.
        try store.write(key: "part.parquet", bytes: ContiguousArray(S3Test.payload(300_000, seed: 4)))
        #expect(throws: ObjectStoreFailure.self) { try reader.read(at: 0, count: 10) }
        do {
            _ = try store.openReader(key: "missing")
            Issue.record("a missing object opened")
        } catch {
            #expect(error.kind == .notFound)
        }
    }

    @Test func writersStreamMultipartAndAbortLeavesNothing() async throws {
        let store = try await store("store-write")
        let bytes = S3Test.payload(11 * 1024 * 1024 + 5, seed: 9)
        let writer = try store.makeWriter(key: "gold/big.parquet")
        var offset = 0
        while offset < bytes.count {
            let end = min(offset + 300_000, bytes.count)
            try writer.append(Array(bytes[offset..<end]))
            offset = end
        }
        #expect(try store.info(key: "gold/big.parquet") == nil)  // nothing visible before finish
        try writer.finish()
        #expect(writer.bytesWritten == Int64(bytes.count))
        let info = try #require(try store.info(key: "gold/big.parquet"))
        #expect(info.etag?.hasSuffix("-3") == true)
        #expect(try store.readAll(key: "gold/big.parquet") == ContiguousArray(bytes))

        let aborted = try store.makeWriter(key: "gold/aborted.parquet")
        try aborted.append(S3Test.payload(6 * 1024 * 1024))
        aborted.abort()
        #expect(try store.info(key: "gold/aborted.parquet") == nil)
        let direct = try S3Test.client(try MotoServer.shared())
        #expect(try await direct.listMultipartUploads(bucket: store.bucket).isEmpty)
        let snapshot = store.counters.snapshot
        #expect(snapshot.bytesWritten >= Int64(bytes.count))
        #expect(snapshot.bytesRead >= Int64(bytes.count))
        #expect(snapshot.requests > 5)
    }

    @Test func createIfAbsentHasOneWinnerAndClearFailureKinds() async throws {
        let store = try await store("store-create")
        let key = "silver/orders/_delta_log/00000000000000000003.json"
        try store.createIfAbsent(key: key, bytes: ContiguousArray("mine".utf8))
        do {
            try store.createIfAbsent(key: key, bytes: ContiguousArray("theirs".utf8))
            Issue.record("a second create of one key succeeded")
        } catch {
            #expect(error.kind == .alreadyExists)
            #expect(error.description.contains(key))
        }
        #expect(try store.create(key: key, bytes: ContiguousArray("again".utf8)) == false)
        #expect(try store.readAll(key: key) == ContiguousArray("mine".utf8))
        do {
            _ = try store.readAll(key: "silver/none.json")
            Issue.record("a missing object was read")
        } catch {
            #expect(error.kind == .notFound)
        }
        let wrong = try S3ObjectStore.open(bucket: store.bucket, prefix: store.prefix,
                                           environment: try MotoServer.shared().environment.merging(["AWS_SECRET_ACCESS_KEY": "bad"]) { $1 })
        do {
            _ = try wrong.readAll(key: key)
            Issue.record("a wrong secret read an object")
        } catch {
            #expect(error.kind == .accessDenied)
            #expect(error.description.contains("SignatureDoesNotMatch"))
        }
    }

    @Test func registeredSchemeOpensThroughObjectStores() throws {
        S3ObjectStore.register()
        #expect(ObjectStores.canOpen(scheme: "s3"))
    }
}
