import Foundation

/// Paths that name objects in a remote store.
///
/// The lake's layers pass locations around as path strings (`<lake>/silver/orders`, a data file's
/// `<table>/<relative path>`). A remote lake's paths are URLs (`s3://bucket/prefix/silver/orders`),
/// so the same string arithmetic works, and the few places that touch bytes (the Delta log's file
/// calls, Parquet's file source and sink, the run's lake files) ask `remote(_:)` which store and
/// key a path names. A local path is never a URL, so local calls go straight to the file system as
/// before.
extension ObjectStores {
    private static let mountLock = NSLock()
    nonisolated(unsafe) private static var mounted: [String: any ObjectStore] = [:]

    /// Makes `store` the one that serves paths under its description (`open` mounts every remote
    /// store it opens; a test mounts its double here).
    public static func mount(_ store: any ObjectStore) {
        mountLock.withLock { mounted[store.description] = store }
    }

    /// The store mounted at exactly `root`.
    static func mounted(_ root: String) -> (any ObjectStore)? {
        mountLock.withLock { mounted[root] }
    }

    /// Forgets a mounted store (tests).
    public static func unmount(_ store: any ObjectStore) {
        mountLock.withLock { _ = mounted.removeValue(forKey: store.description) }
    }

    /// Whether `path` is a URL (`scheme://…`) rather than a local path.
    @inline(__always)
    public static func isRemote(_ path: String) -> Bool {
        // Local paths may hold "://" only in odd folder names; URLs start with a scheme of letters.
        guard let colon = path.utf8.firstIndex(of: UInt8(ascii: ":")) else { return false }
        let scheme = path.utf8[..<colon]
        guard !scheme.isEmpty, scheme.allSatisfy({ ($0 | 0x20) >= 0x61 && ($0 | 0x20) <= 0x7A || ($0 >= 0x30 && $0 <= 0x39) }) else {
            return false
        }
        return path.utf8[colon...].starts(with: "://".utf8)
    }

    /// The store and key a remote path names; nil for a local path. The mounted store whose
    /// description is the longest prefix of the path serves it; otherwise the path's bucket is opened
    /// (and mounted) through the registered opener.
    public static func remote(_ path: String) throws(ObjectStoreFailure) -> (store: any ObjectStore, key: String)? {
        guard isRemote(path) else { return nil }
        let found: (any ObjectStore, String)? = mountLock.withLock {
            var best: (any ObjectStore, String)?
            for (root, store) in mounted where path == root || path.hasPrefix(root + "/") {
                if best == nil || root.count > best!.0.description.count {
                    best = (store, path == root ? "" : String(path.dropFirst(root.count + 1)))
                }
            }
            return best
        }
        if let found { return found }
        let location: StorageLocation
        do { location = try StorageLocation.parse(path) } catch {
            throw ObjectStoreFailure(store: path, key: "", operation: "open", kind: .other, cause: error.reason)
        }
        guard case let .s3(bucket, prefix) = location else { return nil }
        let store = try open(StorageLocation.s3(bucket: bucket, prefix: ""))
        return (store, prefix)
    }
}
