import Foundation
import Lake
import Files

/// Small durable-file helpers for the lake's own bookkeeping (`_medallion/`).
/// Failures name the path and the cause (permission, full disk, …), never a bare errno.
enum LakeFiles {
    /// Temp files `createExclusive` stages in; a crash may leave them behind.
    static let tempPrefix = ".tmp-"

    /// Creates `path` with `bytes` only if it does not exist yet (`DurableFile`'s
    /// put-if-absent: a crash never leaves a half-written file and two writers cannot
    /// both create it). Returns false when the file exists.
    static func createExclusive(_ bytes: [UInt8], at path: String) throws -> Bool {
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
        do throws(DurableFile.Failure) { try DurableFile.makeDirectories(path) } catch { throw PipelineError(error) }
    }

    static func read(_ path: String) throws -> Data {
        do { return Data(try ReadableFile.contents(of: path)) } catch {
            throw PipelineError.io(path: path, reason: error.reason)
        }
    }

    static func list(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).sorted()
    }

    /// Moves `path` to `target` (same file system), creating the target's folder.
    static func move(_ path: String, to target: String) throws {
        try makeDirectory((target as NSString).deletingLastPathComponent)
        guard rename(path, target) == 0 else {
            throw PipelineError.io(path: path, reason: "cannot move it to \(target): " + FileSystemCause.describe(errno))
        }
    }

    /// Removes a file or a whole folder; one already gone is not an error.
    static func remove(_ path: String) throws {
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
