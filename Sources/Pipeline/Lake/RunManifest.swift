import Lake

/// A source file the lake has ingested: identified by its path relative to the
/// source root, its size and its content hash (Rules §1.5).
public struct IngestedFile: Sendable, Hashable, Codable {
    public var path: String
    public var size: Int64
    /// Modification time (ms) when it was hashed: lets later runs skip rehashing a
    /// file whose path, size and mtime are unchanged.
    public var modified: Int64
    public var hash: String
    /// The source table it fed (`orders`, `parent_fact_orders`, …).
    public var table: String
    /// Records read from it (rows plus malformed records).
    public var records: Int

    public init(path: String, size: Int64, modified: Int64, hash: String, table: String, records: Int) {
        self.path = path
        self.size = size
        self.modified = modified
        self.hash = hash
        self.table = table
        self.records = records
    }
}

/// One table's commit within a run.
public struct TableCommit: Sendable, Codable, Equatable {
    public var table: LakeTable
    public var commit: DeltaPreparedCommit
    public var rowsWritten: Int
    public var operation: String
}

/// The record of one committed run, and its commit point: the run exists once its
/// manifest file does. It carries every table commit of the run (prepared, then
/// published), so a run that died while publishing is completed by the next one.
public struct RunManifest: Sendable, Codable {
    public var batchId: Int64
    public var mode: RunMode
    public var source: String
    public var startedAt: String
    public var committedAt: String
    public var commits: [TableCommit]
    public var files: [IngestedFile]
    public var summary: RunSummary
}

/// What kind of run a manifest records.
public enum RunMode: String, Sendable, Codable {
    /// The first run on an empty lake.
    case backfill
    /// A later run over new files only.
    case incremental
    /// `--full-refresh`: every table rebuilt from all source files.
    case fullRefresh = "full-refresh"
}
