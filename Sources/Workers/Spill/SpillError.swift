/// Errors of spill files. Each names the file and, when reading, the block offset.
public enum SpillError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotCreate(path: String, reason: String)
    case writeFailed(path: String, reason: String)
    case readFailed(path: String, offset: Int, reason: String)
    case corrupt(path: String, offset: Int, reason: String)
    case compression(reason: String)
    case closed(path: String)

    public var description: String {
        switch self {
        case let .cannotCreate(path, reason): "spill: cannot create \(path): \(reason)"
        case let .writeFailed(path, reason): "spill: write to \(path) failed: \(reason)"
        case let .readFailed(path, offset, reason): "spill: read of \(path) at byte \(offset) failed: \(reason)"
        case let .corrupt(path, offset, reason): "spill: \(path) is corrupt at byte \(offset): \(reason)"
        case let .compression(reason): "spill: zstd failed: \(reason)"
        case let .closed(path): "spill: \(path) was already removed"
        }
    }
}

/// A failure message from a low-level helper (block codec, zstd), given context by the caller.
struct IOFailure: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
