#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Columns

/// Where a file lives on disk: two paths with the same identity are the same file
/// (or directory), however many symbolic links lead to it.
public struct FileIdentity: Sendable, Hashable {
    public var device: UInt64
    public var inode: UInt64
}

/// One entry of a directory, named by its raw bytes (a name need not be UTF-8).
struct DirectoryEntry: Sendable {
    enum Kind: Sendable, Equatable {
        case file
        /// A directory (or a link to one); `identity` is the directory's own.
        case directory(FileIdentity)
        /// A symbolic link whose target cannot be reached (missing, or a loop).
        case brokenLink(target: [UInt8], reason: String)
        /// Sockets, devices, FIFOs: never input.
        case other
    }

    var name: [UInt8]
    var kind: Kind
    /// The entry is a symbolic link (whatever it points to).
    var isLink = false
}

/// Lists directories with `opendir`/`readdir` on bytes. Foundation's listing drops
/// names that are not valid UTF-8; here every entry is seen, so none is skipped
/// without a word.
public enum DirectoryListing {
    /// Whether the folder at `path` has no entries at all (whatever their names);
    /// false when it cannot be listed.
    public static func isEmpty(_ path: String) -> Bool {
        (try? entries(of: Array(path.utf8)).isEmpty) ?? false
    }

    /// The entries of `path` (without `.` and `..`), sorted by name bytes.
    static func entries(of path: [UInt8]) throws -> [DirectoryEntry] {
        guard let directory = withCPath(path, { opendir($0) }) else {
            throw InputError.cannotOpen(path: PathBytes.display(path), reason: "cannot list directory: \(errnoText())")
        }
        defer { closedir(directory) }
        var entries: [DirectoryEntry] = []
        while true {
            errno = 0
            guard let entry = readdir(directory) else {
                if errno != 0 {
                    throw InputError.cannotOpen(path: PathBytes.display(path), reason: "cannot list directory: \(errnoText())")
                }
                break
            }
            let name = withUnsafePointer(to: &entry.pointee.d_name) { tuple in
                tuple.withMemoryRebound(to: UInt8.self, capacity: MemoryLayout.size(ofValue: tuple.pointee)) { start in
                    Array(UnsafeBufferPointer(start: start, count: strlen(UnsafeRawPointer(start).assumingMemoryBound(to: CChar.self))))
                }
            }
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            let full = PathBytes.join(path, name)
            // d_type saves a stat for plain files, the bulk of a source tree.
            let type = Int32(entry.pointee.d_type)
            let kind = type == Int32(DT_REG) ? .file : classify(full)
            let isLink = type == Int32(DT_LNK) || type == Int32(DT_UNKNOWN) && isSymbolicLink(full)
            if let kind { entries.append(DirectoryEntry(name: name, kind: kind, isLink: isLink)) }
        }
        return entries.sorted { $0.name.lexicographicallyPrecedes($1.name) }
    }

    /// What `path` is once links are followed; nil when it vanished meanwhile.
    static func classify(_ path: [UInt8]) -> DirectoryEntry.Kind? {
        var info = stat()
        if withCPath(path, { stat($0, &info) }) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFDIR: return .directory(FileIdentity(info))
            case S_IFREG: return .file
            default: return .other
            }
        }
        let reason = errnoText()
        var linkInfo = stat()
        guard withCPath(path, { lstat($0, &linkInfo) }) == 0 else { return nil }
        if linkInfo.st_mode & S_IFMT == S_IFLNK {
            return .brokenLink(target: linkTarget(path), reason: reason)
        }
        return .other
    }

    static func isSymbolicLink(_ path: [UInt8]) -> Bool {
        var info = stat()
        return withCPath(path, { lstat($0, &info) }) == 0 && info.st_mode & S_IFMT == S_IFLNK
    }

    /// The identity of the directory at `path`, links followed.
    static func identity(of path: [UInt8]) -> FileIdentity? {
        var info = stat()
        guard withCPath(path, { stat($0, &info) }) == 0 else { return nil }
        return FileIdentity(info)
    }

    static func linkTarget(_ path: [UInt8]) -> [UInt8] {
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = withCPath(path) { cPath in
            buffer.withUnsafeMutableBytes { readlink(cPath, $0.baseAddress!.assumingMemoryBound(to: CChar.self), $0.count) }
        }
        return count > 0 ? Array(buffer.prefix(count)) : []
    }

    static func withCPath<R>(_ path: [UInt8], _ body: (UnsafePointer<CChar>) -> R) -> R {
        let terminated = path.map { CChar(bitPattern: $0) } + [0]
        return terminated.withUnsafeBufferPointer { body($0.baseAddress!) }
    }

    static func errnoText() -> String { String(cString: strerror(errno)) }
}

extension FileIdentity {
    init(_ info: stat) {
        self.init(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }
}

/// Paths as bytes, and how to show them when they are not UTF-8.
public enum PathBytes {
    static func join(_ directory: [UInt8], _ name: [UInt8]) -> [UInt8] {
        directory.last == 0x2F ? directory + name : directory + [0x2F] + name
    }

    /// The path as text: valid UTF-8 as it is, every other byte as `\xNN`.
    public static func display(_ bytes: [UInt8]) -> String {
        if let text = String(validating: bytes, as: UTF8.self) { return text }
        var out = ""
        var i = 0
        while i < bytes.count {
            let length = sequenceLength(bytes[i])
            if length > 0, i + length <= bytes.count,
               let scalar = String(validating: bytes[i ..< i + length], as: UTF8.self) {
                out += scalar
                i += length
            } else {
                out += "\\x" + String(bytes[i], radix: 16, uppercase: true).leftPadded(to: 2)
                i += 1
            }
        }
        return out
    }

    /// Whether `bytes` is valid UTF-8 (and so can be a `String` path that opens it).
    public static func isValidUTF8(_ bytes: [UInt8]) -> Bool { bytes.withUnsafeBytes { UTF8Validation.isValid($0) } }

    /// Bytes in the UTF-8 sequence a lead byte starts; 0 for a byte no sequence starts with.
    private static func sequenceLength(_ lead: UInt8) -> Int {
        switch lead {
        case 0x00 ... 0x7F: 1
        case 0xC2 ... 0xDF: 2
        case 0xE0 ... 0xEF: 3
        case 0xF0 ... 0xF4: 4
        default: 0
        }
    }
}

private extension String {
    func leftPadded(to width: Int) -> String { String(repeating: "0", count: max(0, width - count)) + self }
}
