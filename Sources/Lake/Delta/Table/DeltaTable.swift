import Foundation
import Columns

/// A handle on a Delta table directory. Holds no state besides its path and
/// options: every call reads the log afresh, so many handles — in one process
/// or many, ours or delta-rs — can work on one table; the log's put-if-absent
/// commit (temp file + fsync + link(2)) decides races.
///
/// Layout: `Actions/` the log's JSON actions and typed values, `Log/` commit
/// files and file I/O, `Snapshot/` replay, time travel and history,
/// `Checkpoint/` the nested Parquet checkpoint writer/reader, `Table/` the
/// operations (create, commit, append, overwrite, replacePartitions, vacuum).
///
/// Scope: protocol (1, 2) tables — no deletion vectors, column mapping, CDF,
/// table features or `txn` application ids; flat schemas of the engine's
/// column types. Checkpoints are classic single-file v1 checkpoints; ones
/// written by other engines (compressed) are skipped in favour of JSON replay.
/// Old log entries are never cleaned up.
public struct DeltaTable: Sendable {
    /// The table root directory.
    public let path: String
    public let options: DeltaTableOptions

    var log: DeltaLog { DeltaLog(table: path) }

    public init(path: String, options: DeltaTableOptions = DeltaTableOptions()) {
        // Trailing slashes would double up in the paths built from this.
        var root = path
        while root.count > 1, root.hasSuffix("/") { root.removeLast() }
        self.path = root
        self.options = options
    }

    /// Creates the table: version 0 holds protocol, metadata and (optionally) the
    /// first data files. Fails with `tableAlreadyExists` if version 0 exists.
    @discardableResult
    public static func create(
        at path: String, schema: Schema, partitionColumns: [String] = [], configuration: [String: String] = [:],
        files: [DeltaDataFile] = [], options: DeltaTableOptions = DeltaTableOptions()
    ) throws(DeltaError) -> DeltaTable {
        let table = DeltaTable(path: path, options: options)
        let first = try prepareCreate(at: path, schema: schema, partitionColumns: partitionColumns,
                                      configuration: configuration, files: files, options: options)
        try table.log.io.makeDirectory(table.path)
        try table.log.io.makeDirectory(table.log.directory)
        guard try table.log.io.createExclusive(Array(first.contents.utf8), directory: table.log.directory,
                                               name: DeltaLogPaths.commitName(0)) else {
            throw .tableAlreadyExists(table: table.path)
        }
        return table
    }

    /// True when the directory holds a Delta log with at least one version.
    public var exists: Bool { ((try? DeltaSnapshotLoader(log: log).latestVersion()) ?? nil) != nil }

    public func latestVersion() throws(DeltaError) -> Int64 {
        guard let v = try DeltaSnapshotLoader(log: log).latestVersion() else { throw .tableNotFound(table: path) }
        return v
    }

    /// The table at `version` (time travel), or the latest version when nil.
    public func snapshot(version: Int64? = nil) throws(DeltaError) -> DeltaSnapshot {
        try DeltaSnapshotLoader(log: log).load(version: version)
    }

    /// Versions newest first, with timestamp, operation and metrics.
    public func history(limit: Int? = nil) throws(DeltaError) -> [DeltaHistoryEntry] {
        try log.history(limit: limit)
    }

    /// Writes a checkpoint for `version` (default: latest) now, regardless of the interval.
    public func checkpoint(version: Int64? = nil) throws(DeltaError) {
        let snapshot = try snapshot(version: version)
        try DeltaCheckpoint.write(log: log, version: snapshot.version, actions: checkpointActions(snapshot))
    }

    func checkpointActions(_ snapshot: DeltaSnapshot) -> [DeltaAction] {
        let expiry = deltaNowMillis() - options.tombstoneRetention.deltaMillis
        var actions: [DeltaAction] = [.protocol(snapshot.protocol), .metaData(snapshot.metadata)]
        actions += snapshot.files.map(DeltaAction.add)
        // Tombstones without a timestamp cannot expire; keep them.
        actions += snapshot.tombstones.filter { ($0.deletionTimestamp ?? Int64.max) > expiry }.map(DeltaAction.remove)
        return actions
    }
}
