import Foundation
import ObjectStorage
import ObjectStoreFixtures
import Testing

/// The contract every store keeps, checked on the local directory store and on the S3-like double.
@Suite struct ObjectStoreContractTests {
    static func temporaryDirectory() -> String {
        let path = NSTemporaryDirectory() + "objstore-" + UUID().uuidString
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    static func stores() -> [any ObjectStore] {
        [LocalObjectStore(root: temporaryDirectory()), MemoryObjectStore(pageSize: 2)]
    }

    @Test(arguments: stores())
    func writeReadAndRanges(store: any ObjectStore) throws {
        try store.write(key: "a/b/data.bin", bytes: ContiguousArray(0..<200))
        #expect(try store.readAll(key: "a/b/data.bin") == ContiguousArray(0..<200))
        let reader = try store.openReader(key: "a/b/data.bin")
        #expect(reader.size == 200)
        #expect(try reader.read(at: 190, count: 10) == ContiguousArray(190..<200))
        let short = #expect(throws: ObjectStoreFailure.self) { try reader.read(at: 195, count: 10) }
        #expect(short?.kind == .shortRead)
        try store.write(key: "a/b/data.bin", bytes: [7])
        #expect(try store.readAll(key: "a/b/data.bin") == [7])
        let missing = #expect(throws: ObjectStoreFailure.self) { try store.readAll(key: "a/nope") }
        #expect(missing?.kind == .notFound)
        #expect(missing?.description.contains("a/nope") == true)
        #expect(missing?.description.contains(store.description) == true)
        #expect(try store.readIfExists(key: "a/nope") == nil)
        #expect(try store.info(key: "a/nope") == nil)
        #expect(try store.info(key: "a/b/data.bin")?.size == 1)
    }

    @Test(arguments: stores())
    func createIfAbsentHasOneWinner(store: any ObjectStore) throws {
        try store.createIfAbsent(key: "log/00.json", bytes: [1])
        let lost = #expect(throws: ObjectStoreFailure.self) { try store.createIfAbsent(key: "log/00.json", bytes: [2]) }
        #expect(lost?.kind == .alreadyExists)
        #expect(try store.readAll(key: "log/00.json") == [1])
        #expect(try store.create(key: "log/00.json", bytes: [3]) == false)
        #expect(try store.create(key: "log/01.json", bytes: [3]) == true)

        // Many writers at once: exactly one creates the key.
        let winners = Mutexed(0)
        DispatchQueue.concurrentPerform(iterations: 16) { i in
            if (try? store.create(key: "race.json", bytes: [UInt8(i)])) == true { winners.update { $0 += 1 } }
        }
        #expect(winners.value == 1)
    }

    @Test(arguments: stores())
    func listingPagesAndFolders(store: any ObjectStore) throws {
        for key in ["t/_delta_log/0.json", "t/_delta_log/1.json", "t/part-a.parquet", "t/date=2025-01-01/p.parquet",
                    "t/date=2025-01-02/p.parquet", "u/x"] {
            try store.write(key: key, bytes: [1, 2, 3])
        }
        let all = try store.listAll(prefix: "t/")
        #expect(all.objects.map(\.key) == ["t/_delta_log/0.json", "t/_delta_log/1.json", "t/date=2025-01-01/p.parquet",
                                           "t/date=2025-01-02/p.parquet", "t/part-a.parquet"])
        #expect(all.objects.allSatisfy { $0.size == 3 })
        let folders = try store.listAll(prefix: "t/", delimiter: "/")
        #expect(folders.objects.map(\.key) == ["t/part-a.parquet"])
        #expect(folders.commonPrefixes == ["t/_delta_log/", "t/date=2025-01-01/", "t/date=2025-01-02/"])
        let partial = try store.listAll(prefix: "t/_delta_log/1")
        #expect(partial.objects.map(\.key) == ["t/_delta_log/1.json"])
        #expect(try store.listAll(prefix: "nothing/").objects.isEmpty)
        try store.delete(key: "u/x")
        try store.delete(key: "u/x")
        #expect(try store.listAll(prefix: "u").objects.isEmpty)
    }

    @Test(arguments: stores())
    func writerIsInvisibleUntilFinish(store: any ObjectStore) throws {
        let writer = try store.makeWriter(key: "t/part-1.parquet")
        try writer.append(ContiguousArray<UInt8>(repeating: 9, count: 1000))
        try writer.append([1, 2])
        #expect(writer.bytesWritten == 1002)
        #expect(try store.listAll(prefix: "t/").objects.isEmpty)
        #expect(try store.info(key: "t/part-1.parquet") == nil)
        try writer.finish()
        #expect(try store.info(key: "t/part-1.parquet")?.size == 1002)

        let dropped = try store.makeWriter(key: "t/part-2.parquet")
        try dropped.append([1])
        dropped.abort()
        #expect(try store.listAll(prefix: "t/").objects.map(\.key) == ["t/part-1.parquet"])
        #expect(store.counters.snapshot.bytesWritten >= 1002)
    }
}

@Suite struct LocalObjectStoreTests {
    @Test func keysAreFilesUnderTheRoot() throws {
        let root = ObjectStoreContractTests.temporaryDirectory()
        let store = LocalObjectStore(root: root + "/")
        try store.write(key: "x/y.json", bytes: Array("{}".utf8)[...].reduce(into: ContiguousArray()) { $0.append($1) })
        #expect(FileManager.default.contents(atPath: root + "/x/y.json") == Data("{}".utf8))
        #expect(store.localRoot == root)
        // No temp file is left beside the key.
        #expect(try FileManager.default.contentsOfDirectory(atPath: root + "/x") == ["y.json"])
        let bad = #expect(throws: ObjectStoreFailure.self) { try store.write(key: "../escape", bytes: [1]) }
        #expect(bad?.description.contains("not a valid key") == true)
    }

    @Test func readOnlyFolderSaysWhy() throws {
        guard getuid() != 0 else { return } // root ignores permissions
        let root = ObjectStoreContractTests.temporaryDirectory()
        chmod(root, 0o555)
        defer { chmod(root, 0o755) }
        let failure = #expect(throws: ObjectStoreFailure.self) { try LocalObjectStore(root: root).write(key: "a", bytes: [1]) }
        #expect(failure?.kind == .accessDenied)
        #expect(failure?.description.contains("permission denied") == true)
    }
}

@Suite struct StorageLocationTests {
    @Test func parsesS3AndLocal() throws {
        #expect(try StorageLocation.parse("s3://my-lake/prod/sportsbar/") == .s3(bucket: "my-lake", prefix: "prod/sportsbar"))
        #expect(try StorageLocation.parse("s3://my-lake") == .s3(bucket: "my-lake", prefix: ""))
        #expect(try StorageLocation.parse("/data/lake") == .local(path: "/data/lake"))
        #expect(try StorageLocation.parse("lake") == .local(path: "lake"))
        #expect(StorageLocation.s3(bucket: "b12", prefix: "p/q").description == "s3://b12/p/q")
        #expect(throws: StorageLocation.ParseFailure.self) { try StorageLocation.parse("s3:///prefix") }
        #expect(throws: StorageLocation.ParseFailure.self) { try StorageLocation.parse("s3://Bad_Bucket/x") }
        let gs = #expect(throws: StorageLocation.ParseFailure.self) { try StorageLocation.parse("gs://bucket/x") }
        #expect(gs?.description.contains("'gs' is not supported") == true)
    }

    @Test func opensThroughTheRegistry() throws {
        #expect(ObjectStores.canOpen(scheme: "file"))
        #expect(try ObjectStores.open("/tmp/some-lake").localRoot == "/tmp/some-lake")
        let memory = MemoryObjectStore(name: "s3://registry-test")
        ObjectStores.register(scheme: "s3") { _ in memory }
        #expect(try ObjectStores.open("s3://registry-test/x").description == "s3://registry-test")
    }
}

/// A value guarded by a lock, for counting across threads in a test.
final class Mutexed<Value>: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: Value
    init(_ value: Value) { stored = value }
    var value: Value { lock.withLock { stored } }
    func update(_ body: (inout Value) -> Void) { lock.withLock { body(&stored) } }
}
