/// A Parquet file could not be written or read. Always names the file; names the
/// byte offset and column when they are known.
public struct ParquetError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: Sendable, Equatable {
        /// The operating system refused (open, read, write).
        case io
        /// The bytes are not a valid Parquet file (truncated, garbage, inconsistent).
        case corrupt
        /// Valid Parquet using a feature this engine does not implement.
        case unsupported
        /// The caller passed something unusable (schema mismatch, NULL in a required field, unknown column).
        case invalidArgument
    }

    public var kind: Kind
    public var path: String
    public var offset: Int64?
    public var column: String?
    public var message: String

    public init(_ kind: Kind, path: String, offset: Int64? = nil, column: String? = nil, _ message: String) {
        self.kind = kind
        self.path = path
        self.offset = offset
        self.column = column
        self.message = message
    }

    public var description: String {
        var s = path
        if let offset { s += ": byte \(offset)" }
        if let column { s += ": column '\(column)'" }
        return s + ": " + message
    }
}
