import Files
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A directory as an object store: key `a/b/c` is the file `<root>/a/b/c`.
///
/// `write` is temp file + fsync + rename, `createIfAbsent` temp file + fsync + link(2) (EEXIST is
/// `.alreadyExists`), both with the directory fsynced after (`Files.DurableFile`); a writer streams
/// into a hidden temp file beside its key and renames it at `finish`. Reads are `pread` on a file
/// kept open by the reader. Listings skip the writers' temp files (`tempPrefix`).
public struct LocalObjectStore: ObjectStore {
    /// Names of in-progress writes; never listed, removed by cleanup when a crash left them.
    public static let tempPrefix = ".tmp-obj-"

    public let root: String
    public let counters: ObjectStoreCounters

    public init(root: String, counters: ObjectStoreCounters = ObjectStoreCounters()) {
        var root = root
        while root.count > 1, root.hasSuffix("/") { root.removeLast() }
        self.root = root
        self.counters = counters
    }

    public var description: String { root }
    public var localRoot: String? { root }

    /// The file path of `key`.
    public func path(_ key: String) -> String { key.isEmpty ? root : root + "/" + key }

    private func failure(_ operation: String, _ key: String, _ code: Int32, kind: ObjectStoreFailure.Kind? = nil) -> ObjectStoreFailure {
        let kind = kind ?? (code == ENOENT ? .notFound : code == EEXIST ? .alreadyExists
            : (code == EACCES || code == EPERM) ? .accessDenied : .other)
        return ObjectStoreFailure(store: root, key: key, operation: operation, kind: kind,
                                  cause: FileSystemCause.describe(code), code: code)
    }

    private func converted(_ error: FileFailure, _ operation: String, _ key: String) -> ObjectStoreFailure {
        guard let code = error.code else {
            return ObjectStoreFailure(store: root, key: key, operation: operation, kind: .shortRead, cause: error.reason)
        }
        return failure(operation, key, code)
    }

    private func converted(_ error: DurableFile.Failure, _ operation: String, _ key: String) -> ObjectStoreFailure {
        failure(operation, key, error.code)
    }

    // MARK: Listing

    public func list(prefix: String, delimiter: String?, continuation: String?) throws(ObjectStoreFailure) -> ObjectListing {
        // The directory holding every key with this prefix: the prefix up to its last "/".
        let directoryKey = prefix.lastIndex(of: "/").map { String(prefix[..<$0]) } ?? ""
        var listing = ObjectListing(objects: [])
        try walk(directoryKey, prefix: prefix, delimiter: delimiter, into: &listing)
        listing.objects.sort { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        listing.commonPrefixes.sort { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        counters.countRequest()
        return listing
    }

    /// Adds the files under `directoryKey` whose keys start with `prefix`. Directories reached through
    /// a symbolic link are not descended (a link loop would never end); linked files are listed.
    private func walk(_ directoryKey: String, prefix: String, delimiter: String?, into listing: inout ObjectListing)
        throws(ObjectStoreFailure) {
        let directory = path(directoryKey)
        guard let dir = opendir(directory) else {
            if errno == ENOENT || errno == ENOTDIR { return }
            throw failure("list", directoryKey, errno)
        }
        defer { closedir(dir) }
        var subdirectories: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name == "." || name == ".." || name.hasPrefix(Self.tempPrefix) { continue }
            let key = directoryKey.isEmpty ? name : directoryKey + "/" + name
            // Skip names that cannot hold the prefix and do not lead to keys that can.
            guard key.hasPrefix(prefix) || prefix.hasPrefix(key + "/") else { continue }
            var st = stat()
            guard lstat(path(key), &st) == 0 else { continue }
            var kind = st.st_mode & S_IFMT
            if kind == S_IFLNK {
                guard stat(path(key), &st) == 0 else { continue }
                kind = st.st_mode & S_IFMT
                if kind == S_IFDIR { continue }
            }
            if kind == S_IFDIR {
                // With "/" as delimiter a folder under the prefix is one common prefix (the walk starts
                // in the prefix's own folder, so the first "/" after the prefix ends this name).
                if delimiter == "/" {
                    if key.hasPrefix(prefix) { listing.commonPrefixes.append(key + "/") }
                    continue
                }
                subdirectories.append(key)
            } else if kind == S_IFREG, key.hasPrefix(prefix) {
                if let delimiter, let cut = key.dropFirst(prefix.count).range(of: delimiter) {
                    let rolled = String(key[..<cut.upperBound])
                    if !listing.commonPrefixes.contains(rolled) { listing.commonPrefixes.append(rolled) }
                    continue
                }
                #if os(Linux)
                let mtime = st.st_mtim
                #else
                let mtime = st.st_mtimespec
                #endif
                let modified = Date(timeIntervalSince1970: Double(mtime.tv_sec) + Double(mtime.tv_nsec) / 1e9)
                listing.objects.append(ObjectInfo(key: key, size: Int64(st.st_size), lastModified: modified))
            }
        }
        for sub in subdirectories {
            try walk(sub, prefix: prefix, delimiter: delimiter, into: &listing)
        }
    }

    public func info(key: String) throws(ObjectStoreFailure) -> ObjectInfo? {
        var st = stat()
        guard stat(path(key), &st) == 0 else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw failure("stat", key, errno)
        }
        guard st.st_mode & S_IFMT == S_IFREG else { return nil }
        #if os(Linux)
        let mtime = st.st_mtim
        #else
        let mtime = st.st_mtimespec
        #endif
        counters.countRequest()
        return ObjectInfo(key: key, size: Int64(st.st_size),
                          lastModified: Date(timeIntervalSince1970: Double(mtime.tv_sec) + Double(mtime.tv_nsec) / 1e9))
    }

    // MARK: Reading

    public func openReader(key: String) throws(ObjectStoreFailure) -> any ObjectReader {
        try LocalObjectReader(store: self, key: key)
    }

    public func readAll(key: String) throws(ObjectStoreFailure) -> ContiguousArray<UInt8> {
        let bytes: ContiguousArray<UInt8>
        do { bytes = try ReadableFile.contents(of: path(key)) } catch { throw converted(error, "read", key) }
        counters.countRead(bytes.count)
        return bytes
    }

    // MARK: Writing

    private func parentAndName(_ key: String) throws(ObjectStoreFailure) -> (directory: String, name: String) {
        let components = key.split(separator: "/", omittingEmptySubsequences: false)
        guard let last = components.last, !last.isEmpty, !key.hasPrefix("/"),
              !components.contains(where: { $0 == ".." || $0 == "." || $0.isEmpty }) else {
            throw ObjectStoreFailure(store: root, key: key, operation: "write", kind: .other,
                                     cause: "not a valid key (empty, absolute, or with '.', '..' or '//' in it)")
        }
        let directory = path(components.dropLast().joined(separator: "/"))
        do throws(DurableFile.Failure) { try DurableFile.makeDirectories(directory) } catch {
            throw converted(error, "create the folder for", key)
        }
        return (directory, String(last))
    }

    private func tempName(for name: String) -> String {
        Self.tempPrefix + UUID().uuidString.lowercased() + "-" + name
    }

    public func write(key: String, bytes: ContiguousArray<UInt8>) throws(ObjectStoreFailure) {
        let (directory, name) = try parentAndName(key)
        do throws(DurableFile.Failure) {
            try DurableFile.replace(Array(bytes), directory: directory, name: name, tempName: tempName(for: name))
        } catch { throw converted(error, "write", key) }
        counters.countWrite(bytes.count)
    }

    public func createIfAbsent(key: String, bytes: ContiguousArray<UInt8>) throws(ObjectStoreFailure) {
        let (directory, name) = try parentAndName(key)
        let created: Bool
        do throws(DurableFile.Failure) {
            created = try DurableFile.createExclusive(Array(bytes), directory: directory, name: name, tempName: tempName(for: name))
        } catch { throw converted(error, "create", key) }
        counters.countWrite(bytes.count)
        guard created else {
            throw ObjectStoreFailure(store: root, key: key, operation: "create", kind: .alreadyExists,
                                     cause: "it already exists (another writer created it first)", code: EEXIST)
        }
    }

    public func delete(key: String) throws(ObjectStoreFailure) {
        if unlink(path(key)) != 0, errno != ENOENT { throw failure("delete", key, errno) }
        counters.countRequest()
    }

    public func makeWriter(key: String) throws(ObjectStoreFailure) -> any ObjectWriter {
        let (directory, name) = try parentAndName(key)
        let temp = directory + "/" + tempName(for: name)
        let file: WritableFile
        do { file = try WritableFile(path: temp, creation: .exclusive) } catch { throw converted(error, "create", key) }
        return LocalObjectWriter(store: self, key: key, file: file, target: directory + "/" + name)
    }
}

/// `pread` on a file kept open; counts the bytes in the store's counters.
final class LocalObjectReader: ObjectReader {
    let key: String
    let size: Int64
    var etag: String? { nil }
    private let file: ReadableFile
    private let store: String
    private let counters: ObjectStoreCounters

    init(store: LocalObjectStore, key: String) throws(ObjectStoreFailure) {
        do { file = try ReadableFile(path: store.path(key)) } catch {
            let code = error.code ?? EIO
            throw ObjectStoreFailure(store: store.root, key: key, operation: "open", kind: code == ENOENT ? .notFound : .other,
                                     cause: FileSystemCause.describe(code), code: code)
        }
        self.key = key
        self.store = store.root
        counters = store.counters
        size = file.size
    }

    func read(at offset: Int64, count: Int, into buffer: inout ContiguousArray<UInt8>) throws(ObjectStoreFailure) {
        do { try file.read(at: offset, count: count, into: &buffer) } catch {
            throw ObjectStoreFailure(store: store, key: key, operation: "read", kind: error.code == nil ? .shortRead : .other,
                                     cause: (error.offset.map { "at byte \($0): " } ?? "") + error.reason, code: error.code)
        }
        counters.countRead(count)
    }
}

/// Streams into a hidden temp file beside the key; `finish` renames it into place.
final class LocalObjectWriter: ObjectWriter {
    let key: String
    private let store: LocalObjectStore
    private var file: WritableFile?
    private let target: String

    init(store: LocalObjectStore, key: String, file: WritableFile, target: String) {
        self.store = store
        self.key = key
        self.file = file
        self.target = target
    }

    deinit { abort() }

    var bytesWritten: Int64 { file?.offset ?? 0 }

    func append(_ bytes: UnsafeRawBufferPointer) throws(ObjectStoreFailure) {
        guard let file else {
            throw ObjectStoreFailure(store: store.root, key: key, operation: "write", kind: .other, cause: "write after finish or abort")
        }
        do { try file.write(bytes) } catch {
            throw ObjectStoreFailure(store: store.root, key: key, operation: "write", kind: .other,
                                     cause: error.reason, code: error.code)
        }
        store.counters.countWrite(bytes.count, requests: 0)
    }

    func finish() throws(ObjectStoreFailure) {
        guard let file else {
            throw ObjectStoreFailure(store: store.root, key: key, operation: "finish", kind: .other, cause: "already finished or aborted")
        }
        self.file = nil
        do { try file.close() } catch {
            unlink(file.path)
            throw ObjectStoreFailure(store: store.root, key: key, operation: "write", kind: .other, cause: error.reason, code: error.code)
        }
        guard rename(file.path, target) == 0 else {
            let code = errno
            unlink(file.path)
            throw ObjectStoreFailure(store: store.root, key: key, operation: "rename into place", kind: .other,
                                     cause: FileSystemCause.describe(code), code: code)
        }
        store.counters.countRequest()
    }

    func abort() {
        guard let file else { return }
        self.file = nil
        try? file.close()
        unlink(file.path)
    }
}
