import Foundation
import Partition
import SportsBar

/// The source files of one run: for each source table, the files not ingested yet.
public struct DiscoveredSources: Sendable {
    /// New files per source table name, each list in byte order of the relative path.
    public var newFiles: [String: [InputFile]] = [:]
    /// Identity (size, mtime, hash) of every new file, by relative path.
    public var identities: [String: IngestedFile] = [:]
    /// Files seen that were ingested before.
    public var alreadyIngested = 0

    public var isEmpty: Bool { newFiles.values.allSatisfy(\.isEmpty) }
    public var newFileCount: Int { newFiles.values.reduce(0) { $0 + $1.count } }

    public func files(_ table: SourceTable) -> [InputFile] { newFiles[table.name] ?? [] }
}

/// Finds the Rules §1.1 files under a source root and decides which are new.
public enum SourceDiscovery {
    /// A file is new unless the ledger holds the same path with the same size and
    /// content hash. The hash is only recomputed when path, size or mtime differ
    /// from the ledger's record (a changed file under an old name is new).
    public static func discover(source: String, tables: [SourceTable], ingested: [String: IngestedFile]) throws -> DiscoveredSources {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw PipelineError.sourceMissing(path: source)
        }
        var found = DiscoveredSources()
        var claimed: [String: String] = [:]
        for table in tables {
            var fresh: [InputFile] = []
            for file in try Glob(table.glob).files(under: source) {
                // A file two globs match would be ingested twice: the first table claims it.
                if claimed[file.relativePath] != nil { continue }
                claimed[file.relativePath] = table.name
                let modified = modificationMillis(file.path)
                let known = ingested[file.relativePath].flatMap { $0.size == file.size ? $0 : nil }
                if let known, known.modified == modified {
                    found.alreadyIngested += 1
                    continue
                }
                let hash = try ContentHash.of(file: file.path)
                if let known, known.hash == hash {
                    found.alreadyIngested += 1
                    continue
                }
                found.identities[file.relativePath] = IngestedFile(
                    path: file.relativePath, size: file.size, modified: modified, hash: hash, table: table.name, records: 0)
                fresh.append(file)
            }
            found.newFiles[table.name] = fresh.sorted { $0.relativePath.utf8.lexicographicallyPrecedes($1.relativePath.utf8) }
        }
        return found
    }

    static func modificationMillis(_ path: String) -> Int64 {
        var info = stat()
        guard stat(path, &info) == 0 else { return 0 }
        return Int64(info.st_mtim.tv_sec) * 1000 + Int64(info.st_mtim.tv_nsec) / 1_000_000
    }
}
