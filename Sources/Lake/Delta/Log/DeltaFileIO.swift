import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Files
import ObjectStorage

/// The few file calls the log needs, with errors that name the table and file.
/// Local paths use POSIX calls (Foundation's FileManager has no put-if-absent and no
/// fsync); a remote path (`s3://…`) goes to its object store: `createIfAbsent` is the
/// put-if-absent, a whole-object PUT the atomic replace, and folders do not exist.
struct DeltaFileIO: Sendable {
    let table: String

    func fail(_ operation: String, _ path: String) -> DeltaError {
        .io(table: table, file: path, operation: operation, errno: errno)
    }

    /// The store and key of a remote path; nil for a local one.
    private func remote(_ path: String) throws(DeltaError) -> (store: any ObjectStore, key: String)? {
        guard ObjectStores.isRemote(path) else { return nil }
        do { return try ObjectStores.remote(path) } catch { throw .store(table: table, failure: error) }
    }

    private func storeCall<T>(_ body: () throws(ObjectStoreFailure) -> T) throws(DeltaError) -> T {
        do { return try body() } catch { throw .store(table: table, failure: error) }
    }

    func read(_ path: String) throws(DeltaError) -> [UInt8] {
        if let (store, key) = try remote(path) { return try storeCall { () throws(ObjectStoreFailure) in Array(try store.readAll(key: key)) } }
        do { return Array(try ReadableFile.contents(of: path)) } catch {
            throw .io(table: table, file: path, operation: error.offset == nil ? "open" : "read", errno: error.code ?? EIO)
        }
    }

    /// nil when the file does not exist; other failures throw.
    func readIfExists(_ path: String) throws(DeltaError) -> [UInt8]? {
        if let (store, key) = try remote(path) {
            return try storeCall { () throws(ObjectStoreFailure) in try store.readIfExists(key: key).map { Array($0) } }
        }
        do throws(DeltaError) { return try read(path) } catch {
            if case let .io(_, _, _, code) = error, code == ENOENT { return nil }
            throw error
        }
    }

    /// Put-if-absent through `DurableFile` (temp file, fsync, link): a crash never
    /// leaves a half-written commit, and a writer that lost the name gets false.
    func createExclusive(_ bytes: [UInt8], directory: String, name: String) throws(DeltaError) -> Bool {
        if let (store, key) = try remote(directory + "/" + name) {
            return try storeCall { () throws(ObjectStoreFailure) in try store.create(key: key, bytes: ContiguousArray(bytes)) }
        }
        do throws(DurableFile.Failure) {
            return try DurableFile.createExclusive(bytes, directory: directory, name: name, tempName: tempName())
        } catch {
            throw converted(error)
        }
    }

    /// Atomic replace (temp + rename) for files that may be rewritten, such as
    /// `_last_checkpoint` and checkpoints (identical content for a version).
    func replace(_ bytes: [UInt8], directory: String, name: String) throws(DeltaError) {
        if let (store, key) = try remote(directory + "/" + name) {
            return try storeCall { () throws(ObjectStoreFailure) in try store.write(key: key, bytes: ContiguousArray(bytes)) }
        }
        do throws(DurableFile.Failure) {
            try DurableFile.replace(bytes, directory: directory, name: name, tempName: tempName())
        } catch {
            throw converted(error)
        }
    }

    /// Temp files are named so that vacuum recognises the leftovers of a crash.
    private func tempName() -> String {
        DeltaLogPaths.tempPrefix + UUID().uuidString.lowercased() + DeltaLogPaths.tempSuffix
    }

    private func converted(_ failure: DurableFile.Failure) -> DeltaError {
        .io(table: table, file: failure.path, operation: failure.operation, errno: failure.code)
    }

    func makeDirectory(_ path: String) throws(DeltaError) {
        if ObjectStores.isRemote(path) { return } // an object store has no folders
        do throws(DurableFile.Failure) { try DurableFile.makeDirectories(path) } catch { throw converted(error) }
    }

    /// Names in `directory`; [] when it does not exist.
    func list(_ directory: String) throws(DeltaError) -> [String] {
        if let (store, key) = try remote(directory) {
            let prefix = key.isEmpty ? "" : key + "/"
            let listing = try storeCall { () throws(ObjectStoreFailure) in try store.listAll(prefix: prefix, delimiter: "/") }
            return listing.objects.map { String($0.key.dropFirst(prefix.count)) }
                + listing.commonPrefixes.map { String($0.dropFirst(prefix.count).dropLast()) }
        }
        guard let dir = opendir(directory) else {
            if errno == ENOENT { return [] }
            throw fail("list", directory)
        }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix(while: { $0 != 0 }), as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    struct Status {
        var isDirectory: Bool
        var isRegular: Bool
        var size: Int64
        /// Milliseconds since the epoch.
        var modificationTime: Int64
    }

    /// lstat: symlinks are reported as neither, so vacuum never follows them.
    func status(_ path: String) throws(DeltaError) -> Status? {
        if let (store, key) = try remote(path) {
            return try storeCall { () throws(ObjectStoreFailure) -> Status? in
                if let info = try store.info(key: key) {
                    let ms = info.lastModified.map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) } ?? 0
                    return Status(isDirectory: false, isRegular: true, size: info.size, modificationTime: ms)
                }
                // A "folder" is a prefix some key starts with.
                let page = try store.list(prefix: key + "/", delimiter: "/", continuation: nil)
                guard !page.objects.isEmpty || !page.commonPrefixes.isEmpty else { return nil }
                return Status(isDirectory: true, isRegular: false, size: 0, modificationTime: 0)
            }
        }
        var st = stat()
        guard lstat(path, &st) == 0 else {
            if errno == ENOENT { return nil }
            throw fail("stat", path)
        }
        let kind = st.st_mode & S_IFMT
        #if os(Linux)
        let mtime = st.st_mtim
        #else
        let mtime = st.st_mtimespec
        #endif
        let ms = Int64(mtime.tv_sec) * 1000 + Int64(mtime.tv_nsec) / 1_000_000
        return Status(isDirectory: kind == S_IFDIR, isRegular: kind == S_IFREG, size: Int64(st.st_size), modificationTime: ms)
    }

    /// Removes a file; a file already gone is not an error (a concurrent vacuum).
    func remove(_ path: String) throws(DeltaError) {
        if let (store, key) = try remote(path) { return try storeCall { () throws(ObjectStoreFailure) in try store.delete(key: key) } }
        if unlink(path) != 0, errno != ENOENT { throw fail("remove", path) }
    }

    /// Removes an empty directory; leaves it when not empty.
    func removeEmptyDirectory(_ path: String) {
        if ObjectStores.isRemote(path) { return }
        _ = rmdir(path)
    }

    /// Moves a file (repair's move-aside). A remote object is copied and then deleted: there is no rename.
    func move(_ path: String, to target: String) throws(DeltaError) {
        if let (store, key) = try remote(path), let (_, targetKey) = try remote(target) {
            try storeCall { () throws(ObjectStoreFailure) in
                try store.write(key: targetKey, bytes: try store.readAll(key: key))
                try store.delete(key: key)
            }
            return
        }
        try makeDirectory((target as NSString).deletingLastPathComponent)
        guard rename(path, target) == 0 else { throw fail("move to \(target)", path) }
    }
}

/// read(2) under a name the struct's own `read` does not shadow.
private func posixRead(_ fd: Int32, _ buffer: UnsafeMutableRawPointer?, _ count: Int) -> Int {
    read(fd, buffer, count)
}

/// Milliseconds since the epoch.
func deltaNowMillis() -> Int64 { Int64((Date().timeIntervalSince1970 * 1000).rounded()) }
