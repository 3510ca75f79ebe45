import Foundation
import Lake
import ObjectStorage

/// A file or folder that a failed or killed run left in the lake, or that vacuum
/// found no retained version needs.
public struct LakeLeftover: Sendable, Equatable {
    public enum Kind: String, Sendable {
        /// A data file no version of its table references (written by a run that
        /// never reached its commit point).
        case unreferenced = "data file no version references"
        /// A run's spill folder under `_medallion/tmp/`.
        case spill = "spill folder of a run"
        /// A commit or manifest staged by a writer that died before linking it.
        case temp = "temp file of an unfinished write"
        /// Removed from its table's log longer ago than the retention (vacuum).
        case expired = "removed from the log before the retention window"
    }

    /// Relative to the lake.
    public var path: String
    public var bytes: Int64
    public var kind: Kind
}

/// Finds and removes what failed runs leave behind: data files no committed or
/// pending-publish version references, spill folders, stale temp files. Only safe
/// while the caller holds the lake lock (no run is writing) and after `LakeRepair`
/// (a table whose log a manifest knows is then readable).
enum LakeLeftovers {
    /// `lastRun`: the newest run manifest, whose commits may still be unpublished.
    /// `tables`: also walk every table folder for unreferenced data files (false when the
    /// last run is known to have ended cleanly: only spill and temp files can be left).
    static func find(lake: String, lastRun: RunManifest?, tables: Bool = true) throws -> [LakeLeftover] {
        var found: [LakeLeftover] = []
        let scratch = LakeLayout.scratchDirectory(lake)
        for name in LakeFiles.list(scratch) {
            found.append(LakeLeftover(path: relative(scratch + "/" + name, lake), bytes: size(scratch + "/" + name), kind: .spill))
        }
        let runs = LakeLayout.runsDirectory(lake)
        for name in LakeFiles.list(runs) where name.hasPrefix(LakeFiles.tempPrefix) {
            found.append(LakeLeftover(path: relative(runs + "/" + name, lake), bytes: size(runs + "/" + name), kind: .temp))
        }
        guard tables else { return found }
        // Files the last run will add once published (after a crash mid-publish).
        let pending = pendingAdds(lastRun)
        for table in Set(LakeCatalog.all).union(pending.keys).sorted() {
            found += try leftovers(of: table, lake: lake, pending: pending[table] ?? [])
        }
        return found
    }

    /// The files each table's commit in `lastRun` adds: kept while that commit may be
    /// unpublished (manifest written, log entry not yet).
    static func pendingAdds(_ lastRun: RunManifest?) -> [LakeTable: Set<String>] {
        var pending: [LakeTable: Set<String>] = [:]
        for entry in lastRun?.commits ?? [] {
            for case let .add(add) in (try? DeltaAction.decode(entry.commit.contents)) ?? [] {
                pending[entry.table, default: []].insert(add.relativePath)
            }
        }
        return pending
    }

    private static func leftovers(of table: LakeTable, lake: String, pending: Set<String>) throws -> [LakeLeftover] {
        let root = table.path(in: lake)
        guard try LakeFiles.exists(root) else { return [] }
        let delta = DeltaTable(path: root)
        var found: [LakeLeftover] = []
        let log = root + "/" + DeltaLogPaths.logDirectory
        for name in LakeFiles.list(log) where name.hasPrefix("_commit_") && name.hasSuffix(".tmp") {
            found.append(LakeLeftover(path: relative(log + "/" + name, lake), bytes: size(log + "/" + name), kind: .temp))
        }
        let files = try dataFiles(root)
        guard !files.isEmpty else { return found }
        var referenced = pending
        if delta.exists {
            // A log that does not load is for `repair`; judge nothing in it.
            guard let snapshot = try? delta.snapshot() else { return found }
            referenced.formUnion(snapshot.files.map(\.relativePath))
            referenced.formUnion(snapshot.tombstones.map(\.relativePath))
            if files.contains(where: { !referenced.contains($0.path) }) {
                // Expired tombstones leave a checkpoint's state: only the whole log says
                // whether some old version referenced a file.
                guard let ever = try? delta.pathsEverAdded() else { return found }
                referenced.formUnion(ever)
            }
        }
        for file in files where !referenced.contains(file.path) {
            found.append(LakeLeftover(path: table.description + "/" + file.path, bytes: file.bytes, kind: .unreferenced))
        }
        return found
    }

    /// Data files under a table root: `.parquet` files outside `_`- and `.`-prefixed
    /// folders (the log, staging), relative paths.
    private static func dataFiles(_ root: String) throws -> [(path: String, bytes: Int64)] {
        if ObjectStores.isRemote(root) {
            // One listing of every key under the table; skip keys under `_`- or `.`-prefixed folders.
            let objects: [ObjectInfo]
            do { objects = try StoragePaths.listFiles(root) } catch { throw PipelineError(error) }
            return objects.filter { object in
                object.key.hasSuffix(".parquet")
                    && !object.key.split(separator: "/").contains { $0.hasPrefix("_") || $0.hasPrefix(".") }
            }.map { ($0.key, $0.size) }
        }
        var out: [(String, Int64)] = []
        func walk(_ directory: String, _ prefix: String) {
            for name in LakeFiles.list(directory) where !name.hasPrefix("_") && !name.hasPrefix(".") {
                let path = directory + "/" + name
                var info = stat()
                guard lstat(path, &info) == 0 else { continue }
                let rel = prefix.isEmpty ? name : prefix + "/" + name
                switch info.st_mode & S_IFMT {
                case S_IFDIR: walk(path, rel)
                case S_IFREG where name.hasSuffix(".parquet"): out.append((rel, Int64(info.st_size)))
                default: break
                }
            }
        }
        walk(root, "")
        return out
    }

    /// Removes them, then the folders that removal left empty (partition folders, the
    /// table folder of a backfill that never committed), up to the lake root.
    static func remove(_ leftovers: [LakeLeftover], lake: String) throws {
        var parents = Set<String>()
        for leftover in leftovers {
            try LakeFiles.remove(lake + "/" + leftover.path)
            parents.insert((leftover.path as NSString).deletingLastPathComponent)
        }
        // Deepest first, so a folder's emptied children go before it.
        for folder in parents.sorted(by: { $0.count > $1.count }) { pruneEmpty(folder, lake: lake) }
    }

    private static func pruneEmpty(_ folder: String, lake: String) {
        // The lake's own folders stay even when empty.
        let kept: Set<String> = ["", ".", "_medallion", "_medallion/runs", "_medallion/tmp", "_medallion/state"]
        guard !ObjectStores.isRemote(lake) else { return } // no folders in an object store
        var current = folder
        while !kept.contains(current), rmdir(lake + "/" + current) == 0 {
            current = (current as NSString).deletingLastPathComponent
        }
    }

    static func size(_ path: String) -> Int64 {
        if ObjectStores.isRemote(path) {
            if let (store, key) = try? ObjectStores.remote(path), let info = try? store.info(key: key) { return info.size }
            return ((try? StoragePaths.listFiles(path)) ?? []).reduce(0) { $0 + $1.size }
        }
        var info = stat()
        guard lstat(path, &info) == 0 else { return 0 }
        guard info.st_mode & S_IFMT == S_IFDIR else { return Int64(info.st_size) }
        return LakeFiles.list(path).reduce(0) { $0 + size(path + "/" + $1) }
    }

    static func relative(_ path: String, _ lake: String) -> String { LakeRepair.relative(path, lake) }
}
