import Foundation
import ObjectStorage

/// An in-memory store with S3's semantics, for tests: a flat key space (no folders, no rename),
/// listings in pages of `pageSize` keys in byte order, `createIfAbsent` with one winner, writers
/// whose object appears only at `finish`, a fresh ETag per write, and failures injected by operation
/// and key (`failNext`, `failWhen`). Not a product: the real store is the `S3` module.
public final class MemoryObjectStore: ObjectStore, @unchecked Sendable {
    public struct Object: Sendable {
        public var bytes: ContiguousArray<UInt8>
        public var etag: String
        public var lastModified: Date
    }

    /// An operation a failure can be injected into.
    public enum Operation: String, Sendable, CaseIterable {
        case list, info, read, write, create, delete, upload, finish
    }

    public let name: String
    public let pageSize: Int
    public let counters = ObjectStoreCounters()
    private let lock = NSLock()
    private var objects: [String: Object] = [:]
    private var nextTag = 0
    private var sortedCache: [String]?
    private var injected: [(Operation, @Sendable (String) -> Bool, ObjectStoreFailure.Kind, Int)] = []
    private var calls: [(operation: Operation, key: String)] = []
    /// Multipart uploads begun and not finished or aborted (a killed writer leaves one).
    public private(set) var openUploads: Set<String> = []
    private var uploadStarts: [String: (key: String, started: Date)] = [:]

    public init(name: String = "mem://test", pageSize: Int = 1000) {
        self.name = name
        self.pageSize = max(1, pageSize)
    }

    public var description: String { name }
    public var localRoot: String? { nil }

    // MARK: Test controls

    /// Makes the next `times` calls of `operation` on a key matching `keys` fail with `kind`.
    public func failWhen(_ operation: Operation, kind: ObjectStoreFailure.Kind = .unavailable, times: Int = 1,
                         keys: @escaping @Sendable (String) -> Bool = { _ in true }) {
        lock.withLock { injected.append((operation, keys, kind, times)) }
    }

    /// Every key, in byte order.
    public var keys: [String] { lock.withLock { objects.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) } } }

    public func object(_ key: String) -> Object? { lock.withLock { objects[key] } }

    /// Puts bytes in place directly (test setup: no counters, no injected failures).
    public func put(_ key: String, _ bytes: some Sequence<UInt8>) {
        lock.withLock { store(key, ContiguousArray(bytes)) }
    }

    private func store(_ key: String, _ bytes: ContiguousArray<UInt8>) {
        if objects[key] == nil { sortedCache = nil }
        nextTag += 1
        objects[key] = Object(bytes: bytes, etag: "etag-\(nextTag)", lastModified: Date())
    }

    /// Every call so far (an S3 request each), in order, with its key (a listing's: its prefix).
    public var callLog: [(operation: Operation, key: String)] { lock.withLock { calls } }

    private func check(_ operation: Operation, _ key: String) throws(ObjectStoreFailure) {
        let kind: ObjectStoreFailure.Kind? = lock.withLock {
            calls.append((operation, key))
            guard let index = injected.firstIndex(where: { $0.0 == operation && $0.1(key) }) else { return nil }
            let kind = injected[index].2
            injected[index].3 -= 1
            if injected[index].3 <= 0 { injected.remove(at: index) }
            return kind
        }
        if let kind {
            throw ObjectStoreFailure(store: name, key: key, operation: operation.rawValue, kind: kind, cause: "injected failure")
        }
    }

    // MARK: ObjectStore

    public func list(prefix: String, delimiter: String?, continuation: String?) throws(ObjectStoreFailure) -> ObjectListing {
        try check(.list, prefix)
        counters.countRequest()
        return lock.withLock {
            // Keys and rolled-up prefixes merged in byte order, then cut into a page (as S3 does).
            let keys = sortedKeys()
            var index = firstIndex(in: keys, notBefore: prefix)
            if let continuation {
                index = max(index, firstIndex(in: keys, notBefore: continuation))
                while index < keys.count, keys[index] == continuation || keys[index].hasPrefix(continuation) && continuation.hasSuffix(delimiter ?? "\u{0}") {
                    index += 1
                }
            }
            var listing = ObjectListing(objects: [])
            var count = 0
            var last: String?
            while index < keys.count, keys[index].hasPrefix(prefix) {
                if count == pageSize {
                    listing.continuation = last
                    break
                }
                let key = keys[index]
                if let delimiter, let cut = key.dropFirst(prefix.count).range(of: delimiter) {
                    let rolled = String(key[..<cut.upperBound])
                    listing.commonPrefixes.append(rolled)
                    last = rolled
                    count += 1
                    // Skip every key under the rolled-up prefix.
                    while index < keys.count, keys[index].hasPrefix(rolled) { index += 1 }
                    continue
                }
                let object = objects[key]!
                listing.objects.append(ObjectInfo(key: key, size: Int64(object.bytes.count), lastModified: object.lastModified,
                                                  etag: object.etag))
                last = key
                count += 1
                index += 1
            }
            return listing
        }
    }

    /// The keys in byte order, sorted again only after a change.
    private func sortedKeys() -> [String] {
        if let cached = sortedCache { return cached }
        let keys = objects.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        sortedCache = keys
        return keys
    }

    /// The first index whose key is not before `bound` in byte order.
    private func firstIndex(in keys: [String], notBefore bound: String) -> Int {
        var low = 0, high = keys.count
        while low < high {
            let mid = (low + high) / 2
            if keys[mid].utf8.lexicographicallyPrecedes(bound.utf8) { low = mid + 1 } else { high = mid }
        }
        return low
    }

    public func info(key: String) throws(ObjectStoreFailure) -> ObjectInfo? {
        try check(.info, key)
        counters.countRequest()
        return lock.withLock {
            objects[key].map { ObjectInfo(key: key, size: Int64($0.bytes.count), lastModified: $0.lastModified, etag: $0.etag) }
        }
    }

    public func openReader(key: String) throws(ObjectStoreFailure) -> any ObjectReader {
        try check(.info, key)
        guard let object = self.object(key) else {
            throw ObjectStoreFailure(store: name, key: key, operation: "open", kind: .notFound, cause: "no such key")
        }
        counters.countRequest()
        return MemoryObjectReader(store: self, key: key, size: Int64(object.bytes.count), etag: object.etag)
    }

    /// Like S3: no request, the reads pinned to the listed ETag.
    public func openReader(key: String, listedSize: Int64, etag: String) throws(ObjectStoreFailure) -> any ObjectReader {
        MemoryObjectReader(store: self, key: key, size: listedSize, etag: etag)
    }

    public func readAll(key: String) throws(ObjectStoreFailure) -> ContiguousArray<UInt8> {
        try check(.read, key)
        guard let object = self.object(key) else {
            throw ObjectStoreFailure(store: name, key: key, operation: "read", kind: .notFound, cause: "no such key")
        }
        counters.countRead(object.bytes.count)
        return object.bytes
    }

    /// A ranged GET: fails when the object changed since `etag` (If-Match) or is too short.
    func readRange(key: String, etag: String, offset: Int64, count: Int) throws(ObjectStoreFailure) -> ContiguousArray<UInt8> {
        try check(.read, key)
        guard let object = self.object(key) else {
            throw ObjectStoreFailure(store: name, key: key, operation: "read", kind: .notFound, cause: "no such key")
        }
        guard object.etag == etag else {
            throw ObjectStoreFailure(store: name, key: key, operation: "read", kind: .changed, cause: "the object was replaced since it was listed (ETag)")
        }
        guard offset >= 0, count >= 0, offset + Int64(count) <= Int64(object.bytes.count) else {
            throw ObjectStoreFailure(store: name, key: key, operation: "read", kind: .shortRead,
                                     cause: "range \(offset)+\(count) outside the \(object.bytes.count)-byte object")
        }
        counters.countRead(count)
        return ContiguousArray(object.bytes[Int(offset)..<(Int(offset) + count)])
    }

    public func write(key: String, bytes: ContiguousArray<UInt8>) throws(ObjectStoreFailure) {
        try check(.write, key)
        lock.withLock { store(key, bytes) }
        counters.countWrite(bytes.count)
    }

    public func createIfAbsent(key: String, bytes: ContiguousArray<UInt8>) throws(ObjectStoreFailure) {
        try check(.create, key)
        let created: Bool = lock.withLock {
            guard objects[key] == nil else { return false }
            store(key, bytes)
            return true
        }
        counters.countWrite(bytes.count)
        guard created else {
            throw ObjectStoreFailure(store: name, key: key, operation: "create", kind: .alreadyExists,
                                     cause: "it already exists (If-None-Match: * failed)")
        }
    }

    /// If-Match: replaces only while the object's ETag is still `etag`.
    public func replace(key: String, bytes: ContiguousArray<UInt8>, ifMatch etag: String) throws(ObjectStoreFailure) -> String {
        try check(.write, key)
        let newETag: String? = lock.withLock {
            guard objects[key]?.etag == etag else { return nil }
            store(key, bytes)
            return objects[key]?.etag
        }
        counters.countWrite(bytes.count)
        guard let newETag else {
            throw ObjectStoreFailure(store: name, key: key, operation: "replace", kind: .changed, cause: "If-Match \(etag) failed")
        }
        return newETag
    }

    /// Aborts the open uploads under `prefix` begun before `cutoff`, like S3's multipart uploads.
    public func abortUnfinishedWrites(prefix: String, startedBefore cutoff: Date) throws(ObjectStoreFailure) -> Int {
        try check(.list, prefix)
        counters.countRequest()
        return lock.withLock {
            let old = uploadStarts.filter { $0.value.key.hasPrefix(prefix) && $0.value.started < cutoff }
            for id in old.keys {
                openUploads.remove(id)
                uploadStarts[id] = nil
            }
            return old.count
        }
    }

    public func delete(key: String) throws(ObjectStoreFailure) {
        try check(.delete, key)
        lock.withLock { if objects.removeValue(forKey: key) != nil { sortedCache = nil } }
        counters.countRequest()
    }

    public func makeWriter(key: String) throws(ObjectStoreFailure) -> any ObjectWriter {
        let id = UUID().uuidString
        lock.withLock {
            openUploads.insert(id)
            uploadStarts[id] = (key, Date())
        }
        return MemoryObjectWriter(store: self, key: key, uploadID: id)
    }

    fileprivate func complete(_ id: String, key: String, bytes: ContiguousArray<UInt8>?) throws(ObjectStoreFailure) {
        if bytes != nil { try check(.finish, key) }
        let wasOpen: Bool = lock.withLock {
            let open = openUploads.remove(id) != nil
            uploadStarts[id] = nil
            if open, let bytes { store(key, bytes) }
            return open
        }
        // As S3 answers NoSuchUpload for an upload aborted by someone else.
        if bytes != nil, !wasOpen {
            throw ObjectStoreFailure(store: name, key: key, operation: "finish", kind: .notFound, cause: "the upload was aborted")
        }
    }
}

final class MemoryObjectReader: ObjectReader {
    let store: MemoryObjectStore
    let key: String
    let size: Int64
    let etag: String?

    init(store: MemoryObjectStore, key: String, size: Int64, etag: String) {
        self.store = store
        self.key = key
        self.size = size
        self.etag = etag
    }

    func read(at offset: Int64, count: Int, into buffer: inout ContiguousArray<UInt8>) throws(ObjectStoreFailure) {
        buffer = try store.readRange(key: key, etag: etag ?? "", offset: offset, count: count)
    }
}

/// Parts held until `finish` (a multipart upload); `abort` or dropping it leaves no object.
final class MemoryObjectWriter: ObjectWriter {
    let store: MemoryObjectStore
    let key: String
    let uploadID: String
    private var parts: ContiguousArray<UInt8>? = []

    init(store: MemoryObjectStore, key: String, uploadID: String) {
        self.store = store
        self.key = key
        self.uploadID = uploadID
    }

    var bytesWritten: Int64 { Int64(parts?.count ?? 0) }

    func append(_ bytes: UnsafeRawBufferPointer) throws(ObjectStoreFailure) {
        guard parts != nil else {
            throw ObjectStoreFailure(store: store.name, key: key, operation: "upload", kind: .other, cause: "write after finish or abort")
        }
        try store.checkUpload(key)
        parts?.append(contentsOf: bytes)
        store.counters.countWrite(bytes.count, requests: 0)
    }

    func finish() throws(ObjectStoreFailure) {
        guard let parts else {
            throw ObjectStoreFailure(store: store.name, key: key, operation: "finish", kind: .other, cause: "already finished or aborted")
        }
        self.parts = nil
        try store.complete(uploadID, key: key, bytes: parts)
        store.counters.countRequest()
    }

    /// Like a killed process: the upload stays open (S3 keeps its parts until aborted).
    func abandon() { parts = nil }

    func abort() {
        guard parts != nil else { return }
        parts = nil
        try? store.complete(uploadID, key: key, bytes: nil)
    }
}

extension MemoryObjectStore {
    fileprivate func checkUpload(_ key: String) throws(ObjectStoreFailure) { try check(.upload, key) }
}

extension MemoryObjectStore {
    /// Copies every file under the local folder `directory` to keys under `prefix` (test setup).
    public func upload(directory: String, prefix: String = "") throws {
        let files = try LocalObjectStore(root: directory).listAll(prefix: "").objects
        let local = LocalObjectStore(root: directory)
        for file in files {
            put(prefix.isEmpty ? file.key : prefix + "/" + file.key, try local.readAll(key: file.key))
        }
    }

    /// Copies every object under `prefix` to files under the local folder `directory` (to read them back).
    public func download(prefix: String = "", to directory: String) throws {
        let local = LocalObjectStore(root: directory)
        for key in keys where prefix.isEmpty || key.hasPrefix(prefix + "/") {
            try local.write(key: prefix.isEmpty ? key : String(key.dropFirst(prefix.count + 1)), bytes: object(key)!.bytes)
        }
    }
}
