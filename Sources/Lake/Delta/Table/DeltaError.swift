import Files
import ObjectStorage
/// Everything that can go wrong with a Delta table. Each case names the table (its
/// root directory) and, where one is involved, the log file or version, so that a
/// message read in a job log says where to look.
public enum DeltaError: Error, Equatable, Sendable, CustomStringConvertible {
    /// `create` found a `_delta_log` that already holds version 0.
    case tableAlreadyExists(table: String)
    /// No `_delta_log/00000000000000000000.json` (nor a checkpoint) under the root.
    case tableNotFound(table: String)
    /// Time travel to a version the log does not reach.
    case versionNotFound(table: String, version: Int64, latest: Int64)
    /// The log skips a version between the checkpoint (or 0) and the target.
    case missingCommit(table: String, version: Int64)
    /// A log file (commit, checkpoint, `_last_checkpoint`) could not be understood.
    case corruptLog(table: String, file: String, reason: String)
    /// Another writer committed something this transaction depends on.
    case concurrentModification(table: String, readVersion: Int64, conflictingVersion: Int64, reason: String)
    /// The log holds a type or feature this engine does not implement.
    case unsupported(table: String, reason: String)
    /// A caller passed files or partition values that do not fit the table.
    case invalidArgument(table: String, reason: String)
    /// A file-system call failed.
    case io(table: String, file: String, operation: String, errno: Int32)
    /// An object-store call failed (a remote lake): the failure names the store, key and cause.
    case store(table: String, failure: ObjectStoreFailure)

    public var description: String {
        switch self {
        case let .tableAlreadyExists(table):
            "Delta table \(table) already exists (version 0 is committed)"
        case let .tableNotFound(table):
            "no Delta table at \(table): \(table)/_delta_log has no commit 0 and no checkpoint"
        case let .versionNotFound(table, version, latest):
            "Delta table \(table) has no version \(version) (latest is \(latest))"
        case let .missingCommit(table, version):
            "Delta table \(table): missing version \(version) (\(DeltaLogPaths.logDirectory)/"
                + "\(DeltaLogPaths.commitName(version)) is not in the log)"
        case let .corruptLog(table, file, reason):
            "Delta table \(table): log file \(file) is damaged: \(reason)"
        case let .concurrentModification(table, readVersion, conflictingVersion, reason):
            "Delta table \(table): a concurrent commit at version \(conflictingVersion) conflicts with this "
                + "transaction (read at version \(readVersion)): \(reason)"
        case let .unsupported(table, reason):
            "Delta table \(table): \(reason)"
        case let .invalidArgument(table, reason):
            "Delta table \(table): \(reason)"
        case let .io(table, file, operation, errno):
            "Delta table \(table): " + FileSystemCause.message(operation, file, errno)
        case let .store(table, failure):
            "Delta table \(table): \(failure)"
        }
    }
}
