import Foundation

/// One object as a listing or a HEAD reports it.
public struct ObjectInfo: Sendable, Equatable, Hashable {
    public var key: String
    public var size: Int64
    public var lastModified: Date?
    /// The store's version tag of the content (S3's ETag, quotes removed); nil on a local store.
    public var etag: String?

    public init(key: String, size: Int64, lastModified: Date? = nil, etag: String? = nil) {
        self.key = key
        self.size = size
        self.lastModified = lastModified
        self.etag = etag
    }
}

/// One page of a listing.
public struct ObjectListing: Sendable, Equatable {
    public var objects: [ObjectInfo]
    /// With a delimiter: the rolled-up "folders", each ending with the delimiter, in byte order.
    public var commonPrefixes: [String]
    /// Pass to the next `list` call; nil on the last page.
    public var continuation: String?

    public init(objects: [ObjectInfo], commonPrefixes: [String] = [], continuation: String? = nil) {
        self.objects = objects
        self.commonPrefixes = commonPrefixes
        self.continuation = continuation
    }
}

extension ObjectStore {
    /// Every page of `list`, joined.
    public func listAll(prefix: String, delimiter: String? = nil) throws(ObjectStoreFailure) -> ObjectListing {
        var all = ObjectListing(objects: [])
        var continuation: String?
        repeat {
            let page = try list(prefix: prefix, delimiter: delimiter, continuation: continuation)
            all.objects += page.objects
            all.commonPrefixes += page.commonPrefixes
            continuation = page.continuation
        } while continuation != nil
        return all
    }

    /// nil when the object does not exist; other failures throw.
    public func readIfExists(key: String) throws(ObjectStoreFailure) -> ContiguousArray<UInt8>? {
        do { return try readAll(key: key) } catch {
            if error.kind == .notFound { return nil }
            throw error
        }
    }

    /// `createIfAbsent` as a Bool: false when another writer has the key already.
    public func create(key: String, bytes: ContiguousArray<UInt8>) throws(ObjectStoreFailure) -> Bool {
        do { try createIfAbsent(key: key, bytes: bytes) } catch {
            if error.kind == .alreadyExists { return false }
            throw error
        }
        return true
    }
}
