/// A failed file operation: the path, where in the file (when it matters), and the cause
/// in words (`FileSystemCause`). Each layer wraps it in its own error (input, Parquet,
/// spill, lake), adding what it was doing.
public struct FileFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public let path: String
    public let offset: Int64?
    public let reason: String
    /// The errno, when a system call failed (not for a short read).
    public let code: Int32?

    public init(path: String, offset: Int64? = nil, reason: String, code: Int32? = nil) {
        self.path = path
        self.offset = offset
        self.reason = reason
        self.code = code
    }

    public var description: String {
        path + (offset.map { " at byte \($0)" } ?? "") + ": " + reason
    }
}
