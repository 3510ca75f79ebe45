import Files
import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Whole-file calls on a path that may be local or remote (`s3://…`, see `ObjectStores.remote`),
/// for the lake's bookkeeping and the catalog: local paths use the file system as before; remote
/// ones their store, where a folder is a key prefix and exists while a key starts with it.
public enum StoragePaths {
    /// Whether a file or a folder is at `path`.
    public static func exists(_ path: String) throws(ObjectStoreFailure) -> Bool {
        guard let (store, key) = try ObjectStores.remote(path) else { return access(path, F_OK) == 0 }
        if !key.isEmpty, try store.info(key: key) != nil { return true }
        return try isDirectory(path)
    }

    /// Whether `path` is a folder (remote: a prefix some key starts with; the store root always is).
    public static func isDirectory(_ path: String) throws(ObjectStoreFailure) -> Bool {
        guard let (store, key) = try ObjectStores.remote(path) else {
            var info = stat()
            return stat(path, &info) == 0 && info.st_mode & S_IFMT == S_IFDIR
        }
        if key.isEmpty { return true }
        let page = try store.list(prefix: key + "/", delimiter: "/", continuation: nil)
        return !page.objects.isEmpty || !page.commonPrefixes.isEmpty
    }

    /// The names in a folder (files and sub-folders), sorted; [] when it does not exist.
    public static func list(_ directory: String) throws(ObjectStoreFailure) -> [String] {
        guard let (store, key) = try ObjectStores.remote(directory) else {
            return ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
        }
        let prefix = key.isEmpty ? "" : key + "/"
        let listing = try store.listAll(prefix: prefix, delimiter: "/")
        return (listing.objects.map { String($0.key.dropFirst(prefix.count)) }
            + listing.commonPrefixes.map { String($0.dropFirst(prefix.count).dropLast()) }).sorted()
    }

    /// Every file under `directory` (recursively) with its size, as paths relative to it.
    public static func listFiles(_ directory: String) throws(ObjectStoreFailure) -> [ObjectInfo] {
        if let (store, key) = try ObjectStores.remote(directory) {
            let prefix = key.isEmpty ? "" : key + "/"
            return try store.listAll(prefix: prefix).objects.map {
                ObjectInfo(key: String($0.key.dropFirst(prefix.count)), size: $0.size, lastModified: $0.lastModified, etag: $0.etag)
            }
        }
        return try LocalObjectStore(root: directory).listAll(prefix: "").objects
    }

    /// The whole file.
    public static func read(_ path: String) throws(ObjectStoreFailure) -> ContiguousArray<UInt8> {
        let (store, key) = try storeAndKey(path)
        return try store.readAll(key: key)
    }

    /// Creates the file only when absent (false when it exists): `createIfAbsent`.
    public static func createExclusive(_ bytes: ContiguousArray<UInt8>, at path: String) throws(ObjectStoreFailure) -> Bool {
        let (store, key) = try storeAndKey(path)
        return try store.create(key: key, bytes: bytes)
    }

    /// Creates or replaces the file atomically.
    public static func write(_ bytes: ContiguousArray<UInt8>, at path: String) throws(ObjectStoreFailure) {
        let (store, key) = try storeAndKey(path)
        try store.write(key: key, bytes: bytes)
    }

    /// Removes a file, or a folder with everything in it; one already gone is not an error.
    public static func remove(_ path: String) throws(ObjectStoreFailure) {
        if let (store, key) = try ObjectStores.remote(path) {
            if !key.isEmpty { try store.delete(key: key) }
            for object in try store.listAll(prefix: key.isEmpty ? "" : key + "/").objects { try store.delete(key: object.key) }
            return
        }
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return }
            throw localFailure("stat", path, errno)
        }
        if info.st_mode & S_IFMT == S_IFDIR {
            for name in try list(path) { try remove(path + "/" + name) }
            guard rmdir(path) == 0 || errno == ENOENT else { throw localFailure("remove", path, errno) }
        } else if unlink(path) != 0, errno != ENOENT {
            throw localFailure("remove", path, errno)
        }
    }

    /// The store and key of any path: a local path is a key in the store of its folder.
    public static func storeAndKey(_ path: String) throws(ObjectStoreFailure) -> (store: any ObjectStore, key: String) {
        if let remote = try ObjectStores.remote(path) { return remote }
        let directory = (path as NSString).deletingLastPathComponent
        return (LocalObjectStore(root: directory.isEmpty ? "." : directory), (path as NSString).lastPathComponent)
    }

    private static func localFailure(_ operation: String, _ path: String, _ code: Int32) -> ObjectStoreFailure {
        ObjectStoreFailure(store: (path as NSString).deletingLastPathComponent, key: (path as NSString).lastPathComponent,
                           operation: operation, kind: code == EACCES || code == EPERM ? .accessDenied : .other,
                           cause: FileSystemCause.describe(code), code: code)
    }
}
