/// What a commit did, recorded in its commitInfo (`operation`, `operationParameters`).
public struct DeltaOperation: Sendable, Hashable {
    public var name: String
    public var parameters: [String: String]

    public init(name: String, parameters: [String: String] = [:]) {
        self.name = name
        self.parameters = parameters
    }

    public static func createTable(partitionBy: [String]) -> DeltaOperation {
        DeltaOperation(name: "CREATE TABLE", parameters: ["partitionBy": jsonList(partitionBy)])
    }

    /// mode: "Append", "Overwrite", "ErrorIfExists".
    public static func write(mode: String, partitionBy: [String] = []) -> DeltaOperation {
        DeltaOperation(name: "WRITE", parameters: ["mode": mode, "partitionBy": jsonList(partitionBy)])
    }

    public static func delete(predicate: String?) -> DeltaOperation {
        DeltaOperation(name: "DELETE", parameters: predicate.map { ["predicate": $0] } ?? [:])
    }

    public static func merge(predicate: String) -> DeltaOperation {
        DeltaOperation(name: "MERGE", parameters: ["predicate": predicate])
    }

    public static let vacuum = DeltaOperation(name: "VACUUM")

    /// Spark records list parameters as JSON text, e.g. "[\"region\"]".
    static func jsonList(_ items: [String]) -> String {
        DeltaJSON.array(items.map(DeltaJSON.string)).serialized()
    }
}

/// What a transaction read, which decides what a concurrent commit may change
/// without invalidating it.
public enum DeltaReadScope: Sendable, Hashable {
    /// A blind append: it read nothing, so only metadata changes conflict.
    case nothing
    /// It read (and usually replaces) these partitions: any concurrent add or
    /// remove in them conflicts. Specs may name a subset of partition columns.
    case partitions([DeltaPartitionValues])
    /// It read the whole table: any concurrent data change conflicts.
    case wholeTable
}

/// The outcome of a successful commit.
public struct DeltaCommitResult: Sendable, Equatable {
    /// The version this commit became.
    public var version: Int64
    /// 1 when the first try won; more when concurrent commits forced retries.
    public var attempts: Int
    /// True when this commit also wrote a checkpoint.
    public var checkpointed: Bool
    /// The commit itself succeeded; a checkpoint that could not be written is
    /// reported here instead of failing it (the next interval tries again).
    public var checkpointError: DeltaError?
}

/// Knobs of a `DeltaTable` handle (not stored in the table).
public struct DeltaTableOptions: Sendable, Equatable {
    /// Write a checkpoint after every Nth version; 0 disables checkpoints. nil
    /// follows the table property `delta.checkpointInterval` (shared by every
    /// engine writing the table), else 10.
    public var checkpointInterval: Int?
    /// Give up after this many lost races for one commit.
    public var maxCommitAttempts: Int
    /// Tombstones younger than this are kept in checkpoints (vacuum may still
    /// need them when older JSON commits have been cleaned up).
    public var tombstoneRetention: Duration

    public static let defaultCheckpointInterval = 10

    public init(checkpointInterval: Int? = nil, maxCommitAttempts: Int = 1000, tombstoneRetention: Duration = .seconds(7 * 24 * 3600)) {
        self.checkpointInterval = checkpointInterval
        self.maxCommitAttempts = maxCommitAttempts
        self.tombstoneRetention = tombstoneRetention
    }
}

extension Duration {
    /// Whole milliseconds, saturating.
    var deltaMillis: Int64 {
        let (seconds, attoseconds) = components
        let (ms, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        if overflow { return seconds < 0 ? Int64.min : Int64.max }
        let (total, overflowAgain) = ms.addingReportingOverflow(attoseconds / 1_000_000_000_000_000)
        return overflowAgain ? (seconds < 0 ? Int64.min : Int64.max) : total
    }
}
