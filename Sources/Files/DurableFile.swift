import Foundation
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Crash-safe writes of small whole files (log commits, run manifests): the content
/// is complete and fsynced in a temp file before it gets its final name, and the
/// directory entry is fsynced after. Foundation has no put-if-absent and no fsync,
/// hence raw POSIX calls.
public enum DurableFile {
    /// A failed system call: which, on what path, and errno.
    public struct Failure: Error, Sendable, Equatable, CustomStringConvertible {
        public let operation: String
        public let path: String
        public let code: Int32

        /// "cannot link …: no space left on device (ENOSPC)".
        public var description: String { FileSystemCause.message(operation, path, code) }
    }

    /// Put-if-absent: link(2) gives the staged temp file the name `name` and fails
    /// with EEXIST when another writer has it already, so exactly one writer wins.
    /// Returns false when `name` already exists. `tempName` must be unique (e.g. a UUID).
    public static func createExclusive(_ bytes: [UInt8], directory: String, name: String,
                                       tempName: String) throws(Failure) -> Bool {
        let temp = try stage(bytes, at: directory + "/" + tempName)
        defer { unlink(temp) }
        let target = directory + "/" + name
        if link(temp, target) != 0 {
            if errno == EEXIST { return false }
            throw failure("link", target)
        }
        try syncDirectory(directory)
        return true
    }

    /// Atomic replace (temp + rename), for files that may be rewritten.
    public static func replace(_ bytes: [UInt8], directory: String, name: String, tempName: String) throws(Failure) {
        let temp = try stage(bytes, at: directory + "/" + tempName)
        let target = directory + "/" + name
        guard rename(temp, target) == 0 else {
            let error = failure("rename", target)
            unlink(temp)
            throw error
        }
        try syncDirectory(directory)
    }

    /// mkdir -p with the failing errno (FileManager's errors do not carry one on
    /// every platform, and the cause — permission, full disk, a file in the way —
    /// is what the message must say).
    public static func makeDirectories(_ path: String) throws(Failure) {
        var info = stat()
        if stat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFDIR else { throw Failure(operation: "create directory", path: path, code: ENOTDIR) }
            return
        }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path { try makeDirectories(parent) }
        if mkdir(path, 0o755) != 0, errno != EEXIST { throw failure("create directory", path) }
    }

    /// Makes a new directory entry itself durable.
    public static func syncDirectory(_ directory: String) throws(Failure) {
        let fd = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard fd >= 0 else { throw failure("open directory", directory) }
        defer { close(fd) }
        guard fsync(fd) == 0 else { throw failure("fsync directory", directory) }
    }

    /// Writes `bytes` to the new file `temp` and fsyncs it.
    private static func stage(_ bytes: [UInt8], at temp: String) throws(Failure) -> String {
        let file: WritableFile
        do { file = try WritableFile(path: temp, creation: .exclusive) } catch {
            throw Failure(operation: "create", path: temp, code: error.code ?? EIO)
        }
        var operation = "write"
        do throws(FileFailure) {
            try file.write(ContiguousArray(bytes))
            operation = "fsync"
            try file.sync()
            operation = "close"
            try file.close()
        } catch {
            try? file.close()
            unlink(temp)
            throw Failure(operation: operation, path: temp, code: error.code ?? EIO)
        }
        return temp
    }

    private static func failure(_ operation: String, _ path: String) -> Failure {
        Failure(operation: operation, path: path, code: errno)
    }
}
