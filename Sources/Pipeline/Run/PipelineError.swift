import Lake
import Files
import ObjectStorage

/// Why a run stopped. Every case names what to look at.
public enum PipelineError: Error, Sendable, Equatable, CustomStringConvertible {
    case io(path: String, reason: String)
    case lakeLocked(lake: String, holder: String)
    /// The run's lease on a lake in an object store is no longer its own (`reason` says why).
    case leaseLost(lake: String, reason: String)
    case notALake(path: String)
    case sourceMissing(path: String)
    case sourceNotAFolder(path: String)
    /// No source table's glob matches a file under the source (`expected`: the globs).
    case sourceWithoutTables(path: String, empty: Bool, expected: [String])
    case corruptManifest(path: String, reason: String)
    case schemaChanged(table: String, reason: String)
    case publishConflict(table: String, version: Int64, reason: String)
    case conservationViolated(table: String, detail: String)
    case injectedFault(point: String)
    /// A table's log (or a checkpoint of it), or a run manifest, is damaged; `advice`
    /// says what repairs it. `subject`: "table gold/fact_orders", "run manifest …".
    case damaged(subject: String, reason: String, advice: String)

    public var description: String {
        switch self {
        case let .io(path, reason): "\(path): \(reason)"
        case let .lakeLocked(lake, holder):
            "the lake \(lake) is in use by another medallion run (\(holder)); wait for it to finish"
        case let .leaseLost(lake, reason):
            "this run lost its lease on the lake \(lake): \(reason); it stopped without committing, "
                + "and the lake is as the run that holds it now leaves it"
        case let .notALake(path): "\(path) is not a medallion lake (no _medallion/runs)"
        case let .sourceMissing(path): "source folder \(path) does not exist"
        case let .sourceNotAFolder(path):
            "source \(path) is a file; expected a folder holding 1_parent_company/ and/or 2_child_company/"
        case let .sourceWithoutTables(path, empty, expected):
            "source folder \(path) \(empty ? "is empty" : "holds no source file"): expected files under "
                + "1_parent_company/ and/or 2_child_company/ matching one of \(expected.joined(separator: ", "))"
        case let .corruptManifest(path, reason): "run manifest \(path) is unreadable: \(reason)"
        case let .schemaChanged(table, reason): "table \(table) cannot be written: \(reason)"
        case let .publishConflict(table, version, reason):
            "table \(table) version \(version) was written by someone else: \(reason)"
        case let .conservationViolated(table, detail):
            "row conservation failed for \(table): \(detail); nothing was committed"
        case let .injectedFault(point): "fault injected at \(point) (MEDALLION_FAULT)"
        case let .damaged(subject, reason, advice): "\(subject) is damaged: \(reason); \(advice)"
        }
    }
}

extension PipelineError {
    /// A failed durable write: the path, the call and its cause in words.
    init(_ failure: DurableFile.Failure) {
        self = .io(path: failure.path, reason: "cannot \(failure.operation): " + FileSystemCause.describe(failure.code))
    }
}

extension PipelineError {
    /// A failed object-store call: the object's full path (`s3://bucket/prefix/key` or the local
    /// path), the operation and its cause.
    init(_ failure: ObjectStoreFailure) {
        let path = failure.key.isEmpty ? failure.store : failure.store + "/" + failure.key
        self = .io(path: path, reason: "cannot \(failure.operation): \(failure.cause)")
    }
}
