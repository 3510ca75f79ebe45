import ArgumentParser
import Foundation
import Lake
import ObjectStorage
import Pipeline

/// A table a command reads, and the version it should read.
struct LocatedTable {
    let table: DeltaTable
    /// For a table of a medallion lake: the lake root and the catalog table.
    let lake: String?
    let lakeTable: LakeTable?
    /// The version medallion's readers show: the last completed run's for a lake
    /// table (never half of a run being published); nil reads the latest version.
    let pinned: Int64?
    /// A run whose manifest is written but whose commits are not all published.
    let publishingBatch: Int64?

    /// The snapshot to show: `version` when asked for (time travel), else the pinned one.
    func snapshot(version: Int64? = nil) throws -> DeltaSnapshot {
        do {
            return try table.snapshot(version: version ?? pinned)
        } catch {
            throw TableLocator.explain(error, lake: lake)
        }
    }
}

/// Finds Delta tables: a path to a table directory, or a name like `gold.fact_orders`
/// (or `gold/fact_orders`) inside `--lake`.
enum TableLocator {
    static func resolve(_ name: String, lake: String?) throws -> LocatedTable {
        if isTable(name) { return try locate(DeltaTable(path: name)) }
        if let lake {
            let relative = name.replacingOccurrences(of: ".", with: "/")
            let path = lake + "/" + relative
            if isTable(path) { return try locate(DeltaTable(path: path), lake: lake, relative: relative) }
            if LakeSnapshot.isLake(lake), let table = LakeSnapshot.table(atRelativePath: relative) {
                // Known to the lake but without a log: a lost log, or a table no run has made yet.
                return try locate(DeltaTable(path: table.path(in: lake)), lake: lake, relative: relative)
            }
        }
        throw ValidationError("no Delta table at \(name)\(lake.map { " (nor in lake \($0))" } ?? "") — expected a folder with a _delta_log")
    }

    /// Pins a table of a medallion lake (given, or found among the folder's parents).
    static func locate(_ table: DeltaTable, lake: String? = nil, relative: String? = nil) throws -> LocatedTable {
        var root = lake
        var path = relative
        if root == nil {
            // `lake/gold/fact_orders` or `lake/_medallion/state/orders_monthly`.
            var parts = table.path.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            var tail: [String] = []
            while parts.count > 1, tail.count < 3 {
                tail.insert(parts.removeLast(), at: 0)
                let candidate = parts.joined(separator: "/")
                if LakeSnapshot.isLake(candidate.isEmpty ? "/" : candidate),
                   LakeSnapshot.table(atRelativePath: tail.joined(separator: "/")) != nil {
                    root = candidate
                    path = tail.joined(separator: "/")
                    break
                }
            }
        }
        guard let root, let path, LakeSnapshot.isLake(root), let lakeTable = LakeSnapshot.table(atRelativePath: path) else {
            return LocatedTable(table: table, lake: nil, lakeTable: nil, pinned: nil, publishingBatch: nil)
        }
        let view = try LakeSnapshot.load(lake: root)
        guard let pinned = view.version(of: lakeTable) else {
            throw ValidationError("table \(lakeTable) of lake \(root) has no completed run yet"
                + (view.publishingBatch.map { " (batch \($0) is being published)" } ?? ""))
        }
        return LocatedTable(table: table, lake: root, lakeTable: lakeTable, pinned: pinned, publishingBatch: view.publishingBatch)
    }

    static func isTable(_ path: String) -> Bool {
        (try? StoragePaths.isDirectory(path + "/_delta_log")) ?? false
    }

    /// Every table under `lake`, as paths relative to it, sorted. A lake that is not
    /// a folder is an error (listing nothing would look like an empty lake).
    static func tables(in lake: String) throws -> [String] {
        if ObjectStores.isRemote(lake) { return try remoteTables(in: lake) }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: lake, isDirectory: &isDirectory) else {
            throw CommandError("lake folder \(lake) does not exist")
        }
        guard isDirectory.boolValue else { throw CommandError("lake \(lake) is a file; expected a lake folder") }
        guard let walker = FileManager.default.enumerator(atPath: lake) else {
            throw CommandError("cannot read lake folder \(lake)")
        }
        var found: [String] = []
        while let entry = walker.nextObject() as? String {
            if entry.hasSuffix("/_delta_log") || entry == "_delta_log" {
                found.append(entry == "_delta_log" ? "." : String(entry.dropLast("/_delta_log".count)))
                walker.skipDescendants()
            } else if entry.split(separator: "/").count > 4 || entry.hasPrefix(LakeLayout.repairDirectory) {
                walker.skipDescendants()
            }
        }
        return found.sorted()
    }

    /// `tables(in:)` on an object store: one listing of every key, tables found by their `_delta_log/` keys.
    private static func remoteTables(in lake: String) throws -> [String] {
        let files = try StoragePaths.listFiles(lake)
        guard !files.isEmpty else { throw CommandError("lake \(lake) does not exist (no object under it)") }
        var found = Set<String>()
        for file in files where !file.key.hasPrefix(LakeLayout.repairDirectory) {
            guard let range = file.key.range(of: "_delta_log/") else { continue }
            let table = file.key[..<range.lowerBound]
            guard table.isEmpty || table.hasSuffix("/") else { continue }
            let name = table.isEmpty ? "." : String(table.dropLast())
            if name.split(separator: "/").count <= 4 { found.insert(name) }
        }
        return found.sorted()
    }

    /// A damaged log in a medallion lake: the Delta error plus what repairs it.
    static func explain(_ error: any Error, lake: String?) -> any Error {
        guard let lake, let delta = error as? DeltaError else { return error }
        switch delta {
        case .corruptLog, .missingCommit:
            return DamagedLake(message: "\(delta); `medallion repair --lake \(lake)` rewrites damaged or missing "
                + "commits from the run manifests (`--dry-run` first lists what it would do)")
        default:
            return error
        }
    }
}

/// An error whose text is already complete.
struct DamagedLake: Error, CustomStringConvertible {
    let message: String
    var description: String { message }
}
