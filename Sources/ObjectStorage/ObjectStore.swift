import Foundation

/// A flat store of named byte objects: a local directory or an S3 bucket prefix.
///
/// Keys are `/`-separated paths relative to the store's root (`silver/orders/_delta_log/00000000000000000003.json`),
/// never starting with `/`. The calls are synchronous: the lake's readers and writers run on
/// the engine's own worker threads, and an implementation over a network client blocks the
/// calling thread until its request is answered (it must not be called from the client's
/// own event-loop threads).
///
/// What is atomic, on every store:
/// - `write` and `createIfAbsent` publish the whole object or nothing: a reader never sees half of it;
/// - `createIfAbsent` has exactly one winner among concurrent writers of a key (the others get
///   `ObjectStoreFailure.Kind.alreadyExists`) — the commit primitive of Delta log entries, run manifests
///   and the run lock's lease;
/// - an `ObjectWriter` makes its object visible only at `finish`; `abort` (or a crash) leaves no object
///   under the key (at most an unfinished upload or temp file that cleanup removes).
/// There is no rename: a visible object never changes its key.
public protocol ObjectStore: Sendable, CustomStringConvertible {
    /// The store's root, for messages: `s3://bucket/prefix` or `/data/lake`.
    var description: String { get }

    /// The directory the store's keys live in, when the store is a local directory (so callers
    /// may keep using paths there, e.g. for spill files or `flock`); nil for remote stores.
    var localRoot: String? { get }

    /// Bytes moved and requests made through this store (shared by every copy of it).
    var counters: ObjectStoreCounters { get }

    /// One page of the keys starting with `prefix`, in byte order of their keys. With a
    /// `delimiter` (normally "/"), keys holding it after the prefix are rolled up into
    /// `commonPrefixes` (the "folders"), as S3's ListObjectsV2 does. Pass the page's
    /// `continuation` to get the next page; nil means this was the last.
    func list(prefix: String, delimiter: String?, continuation: String?) throws(ObjectStoreFailure) -> ObjectListing

    /// The object's size, time and ETag; nil when there is no object under `key`.
    func info(key: String) throws(ObjectStoreFailure) -> ObjectInfo?

    /// Opens the object for ranged reads (a Parquet footer, column chunks, CSV splits).
    /// Fails with `.notFound` when it does not exist.
    func openReader(key: String) throws(ObjectStoreFailure) -> any ObjectReader

    /// Opens an object whose size and ETag a listing gave, without asking the store again
    /// (a scan of thousands of source files would otherwise send a HEAD for each); reads of an
    /// object replaced since fail with `.changed`. Stores without ETags open it as `openReader(key:)`.
    func openReader(key: String, listedSize: Int64, etag: String) throws(ObjectStoreFailure) -> any ObjectReader

    /// The whole object. Fails with `.notFound` when it does not exist.
    func readAll(key: String) throws(ObjectStoreFailure) -> ContiguousArray<UInt8>

    /// Creates or replaces the object, atomically (readers see the old or the new bytes).
    func write(key: String, bytes: ContiguousArray<UInt8>) throws(ObjectStoreFailure)

    /// Creates the object only when no object has the key; otherwise fails with
    /// `.alreadyExists` and leaves the existing object as it was.
    func createIfAbsent(key: String, bytes: ContiguousArray<UInt8>) throws(ObjectStoreFailure)

    /// Replaces the object only while its ETag is still `etag` (S3: PUT with `If-Match`) and
    /// returns the new ETag; fails with `.changed` when another writer replaced or deleted it
    /// since. The run lease's renewal uses it, so a run that lost its lease finds out instead of
    /// overwriting its successor's. Stores without ETags (a local directory) fail with `.other`.
    func replace(key: String, bytes: ContiguousArray<UInt8>, ifMatch etag: String) throws(ObjectStoreFailure) -> String

    /// Aborts the unfinished large-object writes (S3: multipart uploads) under `prefix` that began
    /// before `cutoff` — what a killed writer leaves behind, stored (and billed) until aborted —
    /// and returns how many. Stores whose writers leave nothing outside their keys return 0.
    func abortUnfinishedWrites(prefix: String, startedBefore cutoff: Date) throws(ObjectStoreFailure) -> Int

    /// Removes the object; an object already gone is not an error.
    func delete(key: String) throws(ObjectStoreFailure)

    /// A writer for a large object (a data file) streamed in parts; the object appears at `finish`.
    func makeWriter(key: String) throws(ObjectStoreFailure) -> any ObjectWriter
}

extension ObjectStore {
    public func openReader(key: String, listedSize: Int64, etag: String) throws(ObjectStoreFailure) -> any ObjectReader {
        try openReader(key: key)
    }

    public func replace(key: String, bytes: ContiguousArray<UInt8>, ifMatch etag: String) throws(ObjectStoreFailure) -> String {
        throw ObjectStoreFailure(store: description, key: key, operation: "replace", kind: .other,
                                 cause: "this store has no ETags to make a conditional replace on")
    }

    /// A store without resumable uploads aborts nothing. (A killed local writer's temp file is
    /// no upload: it sits beside its key, hidden from listings.)
    public func abortUnfinishedWrites(prefix: String, startedBefore cutoff: Date) throws(ObjectStoreFailure) -> Int { 0 }
}

/// Ranged reads of one object. Safe to use from many threads at once (no shared position).
public protocol ObjectReader: Sendable {
    var key: String { get }
    /// The object's size when it was opened.
    var size: Int64 { get }
    /// The ETag when it was opened (nil on a local store), so a caller can tell a replaced object.
    var etag: String? { get }

    /// Exactly `count` bytes from `offset` into `buffer` (its capacity reused); an object that
    /// ends first is a failure saying how many bytes were there.
    func read(at offset: Int64, count: Int, into buffer: inout ContiguousArray<UInt8>) throws(ObjectStoreFailure)
}

extension ObjectReader {
    public func read(at offset: Int64, count: Int) throws(ObjectStoreFailure) -> ContiguousArray<UInt8> {
        var buffer = ContiguousArray<UInt8>()
        try read(at: offset, count: count, into: &buffer)
        return buffer
    }
}

/// A large object written in parts. Single owner. Parts are buffered or uploaded as the
/// implementation likes (S3: multipart upload of parts ≥ 5 MiB); nothing is visible under
/// the key until `finish` returns.
public protocol ObjectWriter: AnyObject {
    var key: String { get }
    /// Bytes appended so far.
    var bytesWritten: Int64 { get }
    func append(_ bytes: UnsafeRawBufferPointer) throws(ObjectStoreFailure)
    /// Makes the object visible under its key (replacing one that is there).
    func finish() throws(ObjectStoreFailure)
    /// Drops what was written; never throws (best effort: cleanup removes what is left).
    func abort()
}

extension ObjectWriter {
    public func append(_ bytes: ContiguousArray<UInt8>) throws(ObjectStoreFailure) {
        var failure: ObjectStoreFailure?
        bytes.withUnsafeBytes { raw in
            do throws(ObjectStoreFailure) { try append(raw) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    public func append(_ bytes: [UInt8]) throws(ObjectStoreFailure) {
        var failure: ObjectStoreFailure?
        bytes.withUnsafeBytes { raw in
            do throws(ObjectStoreFailure) { try append(raw) } catch { failure = error }
        }
        if let failure { throw failure }
    }
}
