/// A failed store operation: which store, which key, what was being done and why.
public struct ObjectStoreFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// No object under the key.
        case notFound
        /// `createIfAbsent` lost: another writer has the key (a concurrent run, a stale lease).
        case alreadyExists
        /// A conditional replace found the object changed or gone (another writer got there first).
        case changed
        /// Credentials missing or refused, or no permission for this key.
        case accessDenied
        /// The object is shorter than the range asked for (changed while read?).
        case shortRead
        /// The store could not be reached or kept failing after retries (network, throttling, 5xx).
        case unavailable
        /// Anything else: the cause says what.
        case other
    }

    /// The store, as `ObjectStore.description` says it.
    public let store: String
    public let key: String
    /// What was being done: "read", "list", "create", "upload part 3 of", …
    public let operation: String
    public let kind: Kind
    /// The cause in words ("no space left on device (ENOSPC)", "HTTP 403 AccessDenied: …").
    public let cause: String
    /// The errno, when a local system call failed.
    public let code: Int32?

    public init(store: String, key: String, operation: String, kind: Kind, cause: String, code: Int32? = nil) {
        self.store = store
        self.key = key
        self.operation = operation
        self.kind = kind
        self.cause = cause
        self.code = code
    }

    /// "cannot read silver/orders/part-1.parquet in s3://lake/prod: HTTP 403 AccessDenied …".
    public var description: String {
        "cannot \(operation) \(key.isEmpty ? "(root)" : key) in \(store): \(cause)"
    }
}
