import Foundation
import Lake
import Files
import ObjectStorage

/// Small durable-file helpers for the lake's own bookkeeping (`_medallion/`).
/// Failures name the path and the cause (permission, full disk, …), never a bare errno.
/// A remote lake's paths (`s3://…`) go to its object store (`StoragePaths`).
enum LakeFiles {
    private static func remote<T>(_ body: () throws(ObjectStoreFailure) -> T) throws -> T {
        do { return try body() } catch { throw PipelineError(error) }
    }

    /// Temp files `createExclusive` stages in; a crash may leave them behind.
    static let tempPrefix = ".tmp-"

    /// Creates `path` with `bytes` only if it does not exist yet (`DurableFile`'s
    /// put-if-absent: a crash never leaves a half-written file and two writers cannot
    /// both create it). Returns false when the file exists.
    static func createExclusive(_ bytes: [UInt8], at path: String) throws -> Bool {
        if ObjectStores.isRemote(path) {
            return try remote { () throws(ObjectStoreFailure) in try StoragePaths.createExclusive(ContiguousArray(bytes), at: path) }
        }
        let directory = (path as NSString).deletingLastPathComponent
        try makeDirectory(directory)
        do throws(DurableFile.Failure) {
            return try DurableFile.createExclusive(bytes, directory: directory, name: (path as NSString).lastPathComponent,
                                                   tempName: tempPrefix + UUID().uuidString.lowercased())
        } catch {
            throw PipelineError(error)
        }
    }

    static func makeDirectory(_ path: String) throws {
        if ObjectStores.isRemote(path) { return }
        do throws(DurableFile.Failure) { try DurableFile.makeDirectories(path) } catch { throw PipelineError(error) }
    }

    static func read(_ path: String) throws -> Data {
        if ObjectStores.isRemote(path) { return try remote { () throws(ObjectStoreFailure) in Data(try StoragePaths.read(path)) } }
        do { return Data(try ReadableFile.contents(of: path)) } catch {
            throw PipelineError.io(path: path, reason: error.reason)
        }
    }

    static func list(_ directory: String) -> [String] {
        (try? StoragePaths.list(directory)) ?? []
    }

    /// `list` that reports a failed remote listing instead of treating it as empty.
    static func listChecked(_ directory: String) throws -> [String] {
        try remote { () throws(ObjectStoreFailure) in try StoragePaths.list(directory) }
    }

    /// Whether a file or folder is at `path`.
    static func exists(_ path: String) throws -> Bool {
        try remote { () throws(ObjectStoreFailure) in try StoragePaths.exists(path) }
    }

    static func isDirectory(_ path: String) throws -> Bool {
        try remote { () throws(ObjectStoreFailure) in try StoragePaths.isDirectory(path) }
    }

    /// Moves `path` to `target` (same file system), creating the target's folder.
    static func move(_ path: String, to target: String) throws {
        if ObjectStores.isRemote(path) {
            // No rename on an object store: copy, then delete the original.
            return try remote { () throws(ObjectStoreFailure) in
                try StoragePaths.write(try StoragePaths.read(path), at: target)
                try StoragePaths.remove(path)
            }
        }
        try makeDirectory((target as NSString).deletingLastPathComponent)
        guard rename(path, target) == 0 else {
            throw PipelineError.io(path: path, reason: "cannot move it to \(target): " + FileSystemCause.describe(errno))
        }
    }

    /// Removes a file or a whole folder; one already gone is not an error.
    static func remove(_ path: String) throws {
        if ObjectStores.isRemote(path) { return try remote { () throws(ObjectStoreFailure) in try StoragePaths.remove(path) } }
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return }
            throw PipelineError.io(path: path, reason: "cannot stat: " + FileSystemCause.describe(errno))
        }
        if info.st_mode & S_IFMT == S_IFDIR {
            for name in list(path) { try remove(path + "/" + name) }
            guard rmdir(path) == 0 || errno == ENOENT else {
                throw PipelineError.io(path: path, reason: "cannot remove: " + FileSystemCause.describe(errno))
            }
        } else if unlink(path) != 0, errno != ENOENT {
            throw PipelineError.io(path: path, reason: "cannot remove: " + FileSystemCause.describe(errno))
        }
    }

    static func errnoText(_ code: Int32 = errno) -> String { FileSystemCause.describe(code) }
}
