import Foundation
import ObjectStorage

/// The files under a source folder with their size and modification time: what the
/// watcher compares between polls to see new files arrive and stop changing.
///
/// Hidden names (`.x`) and names a copy in progress usually has (`*.tmp`, `*.part`,
/// `*.partial`, `*~`) are left out: such a file is picked up once it has its final name.
public struct SourceSnapshot: Equatable, Sendable {
    public struct Stamp: Equatable, Sendable {
        public var size: Int64
        public var modified: Int64  // nanoseconds since 1970

        public init(size: Int64, modified: Int64) {
            self.size = size
            self.modified = modified
        }
    }

    public var files: [String: Stamp]

    public init(files: [String: Stamp] = [:]) { self.files = files }

    /// Paths (relative to the source folder) that are new or changed since `earlier`.
    public func changed(since earlier: SourceSnapshot) -> [String] {
        files.filter { earlier.files[$0.key] != $0.value }.map(\.key).sorted()
    }

    /// Lists `source` recursively. Fails with a message naming the folder when it cannot be read.
    public static func take(_ source: String) throws -> SourceSnapshot {
        if ObjectStores.isRemote(source) { return try takeRemote(source) }
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source, isDirectory: &isFolder), isFolder.boolValue else {
            throw JobsError.sourceUnreadable(source, reason: "not a folder")
        }
        var files: [String: Stamp] = [:]
        try walk(source, relative: "", into: &files)
        return SourceSnapshot(files: files)
    }

    /// `take` on an object store: one listing; an object's stamp is its size and modification
    /// time (an object appears only when its upload completes, but may be replaced later).
    private static func takeRemote(_ source: String) throws -> SourceSnapshot {
        let objects: [ObjectInfo]
        do { objects = try StoragePaths.listFiles(source) } catch {
            throw JobsError.sourceUnreadable(source, reason: error.description)
        }
        var files: [String: Stamp] = [:]
        for object in objects where !object.key.split(separator: "/").contains(where: { isInProgressName(String($0)) }) {
            let modified = object.lastModified.map { Int64(($0.timeIntervalSince1970 * 1e9).rounded()) } ?? 0
            files[object.key] = Stamp(size: object.size, modified: modified)
        }
        return SourceSnapshot(files: files)
    }

    static func isInProgressName(_ name: String) -> Bool {
        name.hasPrefix(".") || name.hasSuffix("~")
            || [".tmp", ".part", ".partial", ".crdownload"].contains { name.lowercased().hasSuffix($0) }
    }

    private static func walk(_ folder: String, relative: String, into files: inout [String: Stamp]) throws {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: folder)
        } catch {
            throw JobsError.sourceUnreadable(folder, reason: error.localizedDescription)
        }
        for name in names where !isInProgressName(name) {
            let path = folder + "/" + name
            let key = relative.isEmpty ? name : relative + "/" + name
            var info = stat()
            guard stat(path, &info) == 0 else { continue }  // removed while listing
            if info.st_mode & S_IFMT == S_IFDIR {
                try walk(path, relative: key, into: &files)
            } else if info.st_mode & S_IFMT == S_IFREG {
                files[key] = Stamp(size: Int64(info.st_size),
                                   modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec))
            }
        }
    }
}
