import Foundation
import ObjectStorage

/// An S3 bucket prefix (`s3://bucket/prefix`) as an `ObjectStore`. Each call blocks its
/// thread until S3 answers (retries included); keys are relative to the prefix.
/// `createIfAbsent` is a conditional PUT (`If-None-Match: *`), so exactly one of two writers
/// of a Delta log version wins; large objects stream through a multipart upload.
public struct S3ObjectStore: ObjectStore {
    public let client: S3Client
    public let bucket: String
    /// The key prefix without leading or trailing "/"; empty for the bucket's root.
    public let prefix: String
    public let counters: ObjectStoreCounters
    /// Multipart part size and parts uploaded at once by `makeWriter`.
    public var partSize: Int
    public var partsInFlight: Int

    /// A store on `client` whose request counts also land in `counters`.
    public init(client: S3Client, bucket: String, prefix: String, counters: ObjectStoreCounters,
                partSize: Int = 8 * 1024 * 1024, partsInFlight: Int = 4) {
        self.client = client
        self.bucket = bucket
        self.prefix = prefix.split(separator: "/", omittingEmptySubsequences: true).joined(separator: "/")
        self.counters = counters
        self.partSize = max(partSize, S3MultipartWriter.minimumPartSize)
        self.partsInFlight = max(1, partsInFlight)
    }

    /// Opens `s3://bucket/prefix` with the configuration the environment and ~/.aws give
    /// (`S3Configuration.resolve`).
    public static func open(bucket: String, prefix: String,
                            environment: [String: String] = ProcessInfo.processInfo.environment,
                            retryPolicy: RetryPolicy = RetryPolicy()) throws(ObjectStoreFailure) -> S3ObjectStore {
        let location = prefix.isEmpty ? "s3://\(bucket)" : "s3://\(bucket)/\(prefix)"
        let configuration: S3Configuration
        do {
            configuration = try S3Configuration.resolve(environment: environment)
        } catch {
            throw ObjectStoreFailure(store: location, key: "", operation: "open", kind: .accessDenied,
                                     cause: String(describing: error))
        }
        let counters = ObjectStoreCounters()
        let client = S3Client(configuration: configuration, retryPolicy: retryPolicy,
                              counters: S3Counters(onEvent: counters.record))
        return S3ObjectStore(client: client, bucket: bucket, prefix: prefix, counters: counters)
    }

    /// Lets `ObjectStores.open` open `s3://` (and `s3a://`) locations. Call once at startup.
    public static func register() {
        ObjectStores.register(scheme: "s3") { location throws(ObjectStoreFailure) in
            guard case let .s3(bucket, prefix) = location else {
                throw ObjectStoreFailure(store: location.description, key: "", operation: "open", kind: .other,
                                         cause: "not an s3:// location")
            }
            return try S3ObjectStore.open(bucket: bucket, prefix: prefix)
        }
    }

    public var description: String { prefix.isEmpty ? "s3://\(bucket)" : "s3://\(bucket)/\(prefix)" }
    public var localRoot: String? { nil }

    /// The S3 key of a store key.
    func objectKey(_ key: String) -> String { prefix.isEmpty ? key : key.isEmpty ? prefix : prefix + "/" + key }

    /// The store key of an S3 key under the prefix.
    func storeKey(_ objectKey: String) -> String {
        guard !prefix.isEmpty else { return objectKey }
        return String(objectKey.dropFirst(min(objectKey.count, prefix.count + 1)))
    }

    func failure(_ error: any Error, _ operation: String, _ key: String) -> ObjectStoreFailure {
        S3FailureMapping.failure(error, store: description, operation: operation, key: key)
    }

    /// Runs async client work for this synchronous API, mapping failures.
    func blocking<T: Sendable>(_ operation: String, _ key: String,
                               _ work: @escaping @Sendable () async throws -> T) throws(ObjectStoreFailure) -> T {
        do {
            return try BlockingBridge.run(work)
        } catch {
            throw failure(error, operation, key)
        }
    }

    // MARK: ObjectStore

    public func list(prefix listPrefix: String, delimiter: String?, continuation: String?) throws(ObjectStoreFailure) -> ObjectListing {
        let client = self.client, bucket = self.bucket
        let s3Prefix = prefix.isEmpty ? listPrefix : prefix + "/" + listPrefix
        let page = try blocking("list", listPrefix) {
            try await client.listObjectsPage(bucket: bucket, prefix: s3Prefix, delimiter: delimiter, continuationToken: continuation)
        }
        return ObjectListing(
            objects: page.objects.map { ObjectInfo(key: storeKey($0.key), size: $0.size, lastModified: $0.lastModified, etag: $0.etag) },
            commonPrefixes: page.commonPrefixes.map(storeKey),
            continuation: page.isTruncated ? page.nextContinuationToken : nil)
    }

    public func info(key: String) throws(ObjectStoreFailure) -> ObjectInfo? {
        let client = self.client, bucket = self.bucket, objectKey = self.objectKey(key)
        let head = try blocking("stat", key) { try await client.headObject(bucket: bucket, key: objectKey) }
        return head.map { ObjectInfo(key: key, size: $0.size, lastModified: $0.lastModified, etag: $0.etag) }
    }

    public func openReader(key: String) throws(ObjectStoreFailure) -> any ObjectReader {
        guard let info = try info(key: key) else {
            throw ObjectStoreFailure(store: description, key: key, operation: "open", kind: .notFound,
                                     cause: "no object s3://\(bucket)/\(objectKey(key))")
        }
        return S3ObjectReader(store: self, key: key, size: info.size, etag: info.etag)
    }

    public func openReader(key: String, listedSize: Int64, etag: String) throws(ObjectStoreFailure) -> any ObjectReader {
        S3ObjectReader(store: self, key: key, size: listedSize, etag: etag)
    }

    public func readAll(key: String) throws(ObjectStoreFailure) -> ContiguousArray<UInt8> {
        let client = self.client, bucket = self.bucket, objectKey = self.objectKey(key)
        return ContiguousArray(try blocking("read", key) { try await client.getObject(bucket: bucket, key: objectKey) })
    }

    public func write(key: String, bytes: ContiguousArray<UInt8>) throws(ObjectStoreFailure) {
        let writer = try makeWriter(key: key)
        do {
            try writer.append(bytes)
            try writer.finish()
        } catch {
            writer.abort()
            throw error
        }
    }

    public func createIfAbsent(key: String, bytes: ContiguousArray<UInt8>) throws(ObjectStoreFailure) {
        let client = self.client, bucket = self.bucket, objectKey = self.objectKey(key), body = Array(bytes)
        let outcome = try blocking("create", key) { try await client.createObject(bucket: bucket, key: objectKey, bytes: body) }
        if outcome == .alreadyExists {
            throw ObjectStoreFailure(store: description, key: key, operation: "create", kind: .alreadyExists,
                                     cause: "another writer created s3://\(bucket)/\(objectKey) first (conditional PUT answered 412)")
        }
    }

    public func delete(key: String) throws(ObjectStoreFailure) {
        let client = self.client, bucket = self.bucket, objectKey = self.objectKey(key)
        try blocking("delete", key) { try await client.deleteObject(bucket: bucket, key: objectKey) }
    }

    public func makeWriter(key: String) throws(ObjectStoreFailure) -> any ObjectWriter {
        S3ObjectWriter(store: self, key: key)
    }
}

extension ObjectStoreCounters {
    /// Feeds an S3 client's counts into a store's counters.
    @Sendable func record(_ event: S3Counters.Event) {
        switch event {
        case .request: countRequest()
        case .retry: countRetry()
        case .read(let bytes): countRead(bytes, requests: 0)
        case .written(let bytes): countWrite(bytes, requests: 0)
        }
    }
}
