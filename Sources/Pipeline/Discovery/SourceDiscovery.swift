import Foundation
import Columns
import ObjectStorage
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
    /// What discovery could not follow (broken symbolic links), each naming the path.
    public var warnings: [String] = []

    public var isEmpty: Bool { newFiles.values.allSatisfy(\.isEmpty) }
    public var newFileCount: Int { newFiles.values.reduce(0) { $0 + $1.count } }

    public func files(_ table: SourceTable) -> [InputFile] { newFiles[table.name] ?? [] }
}

/// The files the source tables' globs match under a source root, before the ledger
/// says which are new.
public struct SourceListing: Sendable {
    /// Files per source table name; a file two globs match belongs to the first table.
    public var files: [String: [InputFile]] = [:]
    /// What the walk could not follow (broken symbolic links), each naming the path.
    public var warnings: [String] = []
    /// In an object store: the listing's size, ETag and last-modified time of each file, by
    /// path — a file's identity for the ledger without a request per file.
    public var objects: [String: ObjectInfo] = [:]

    public var fileCount: Int { files.values.reduce(0) { $0 + $1.count } }
}

/// Finds the source tables' files under a source root and decides which are new.
public enum SourceDiscovery {
    /// Lists every table's files. A source that is not a folder, or where no glob
    /// matches a file (an empty folder, the wrong folder), is an error saying what was
    /// expected: it is a mistake, not a run with nothing new.
    public static func list(source: String, tables: [SourceTable]) throws -> SourceListing {
        if ObjectStores.isRemote(source) {
            // A prefix with no object under it is a missing source (an object store has no empty folders).
            guard try LakeFiles.isDirectory(source) else {
                if try LakeFiles.exists(source) { throw PipelineError.sourceNotAFolder(path: source) }
                throw PipelineError.sourceMissing(path: source)
            }
        } else {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory) else {
                throw PipelineError.sourceMissing(path: source)
            }
            guard isDirectory.boolValue else { throw PipelineError.sourceNotAFolder(path: source) }
        }
        var listing = SourceListing()
        var claimed = Set<String>()
        // An object store is listed once for every table's glob (a listing is a request per 1,000 keys).
        let objects = try ObjectStores.isRemote(source) ? remoteObjects(source) : nil
        for table in tables {
            let found = try objects.map { Glob(table.glob).matches(among: $0, under: source) }
                ?? Glob(table.glob).matches(under: source)
            listing.warnings += found.warnings.filter { !listing.warnings.contains($0) }
            listing.objects.merge(found.objects) { first, _ in first }
            // A file two globs match would be ingested twice: the first table claims it.
            listing.files[table.name] = found.files.filter { claimed.insert($0.relativePath).inserted }
        }
        guard listing.fileCount > 0 else {
            let empty = ObjectStores.isRemote(source) ? false : DirectoryListing.isEmpty(source)
            throw PipelineError.sourceWithoutTables(path: source, empty: empty, expected: tables.map(\.glob))
        }
        return listing
    }

    /// Every object under a remote source root, keys relative to it.
    static func remoteObjects(_ source: String) throws -> [ObjectInfo] {
        do { return try StoragePaths.listFiles(source) } catch { throw PipelineError(error) }
    }

    /// A file is new unless the ledger holds the same path with the same size and
    /// content hash. The hash is only recomputed when path, size or mtime differ
    /// from the ledger's record (a changed file under an old name is new).
    public static func discover(_ listing: SourceListing, tables: [SourceTable],
                                ingested: [String: IngestedFile]) throws -> DiscoveredSources {
        var found = DiscoveredSources()
        found.warnings = listing.warnings
        for table in tables {
            var fresh: [InputFile] = []
            for file in listing.files[table.name] ?? [] {
                let known = ingested[file.relativePath].flatMap { $0.size == file.size ? $0 : nil }
                let modified: Int64
                let hash: String
                if let remote = try remoteIdentity(file.path, listed: listing.objects[file.path]) {
                    // An object is identified by key, size and ETag: hashing it would download it.
                    (modified, hash) = remote
                } else {
                    modified = modificationMillis(file.path)
                    if let known, known.modified == modified {
                        found.alreadyIngested += 1
                        continue
                    }
                    hash = try ContentHash.of(file: file.path)
                }
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

    public static func discover(source: String, tables: [SourceTable], ingested: [String: IngestedFile]) throws -> DiscoveredSources {
        try discover(list(source: source, tables: tables), tables: tables, ingested: ingested)
    }

    /// Prefix of the ledger's `hash` for an object identified by its ETag.
    static let etagPrefix = "etag:"

    /// The modification time and `etag:<ETag>` of an object in a remote store (from the
    /// listing when it has them, else asked for); nil for a local file.
    static func remoteIdentity(_ path: String, listed: ObjectInfo? = nil) throws -> (modified: Int64, hash: String)? {
        guard ObjectStores.isRemote(path) else { return nil }
        do {
            let info: ObjectInfo
            if let listed, listed.etag != nil { info = listed } else {
                guard let (store, key) = try ObjectStores.remote(path), let fetched = try store.info(key: key) else {
                    throw PipelineError.io(path: path, reason: "the object disappeared while the source was read")
                }
                info = fetched
            }
            let modified = info.lastModified.map { Int64(($0.timeIntervalSince1970 * 1000).rounded()) } ?? 0
            return (modified, etagPrefix + (info.etag ?? "size-\(info.size)-modified-\(modified)"))
        } catch let failure as ObjectStoreFailure {
            throw PipelineError(failure)
        }
    }

    static func modificationMillis(_ path: String) -> Int64 {
        var info = stat()
        guard stat(path, &info) == 0 else { return 0 }
        return Int64(info.st_mtim.tv_sec) * 1000 + Int64(info.st_mtim.tv_nsec) / 1_000_000
    }
}
