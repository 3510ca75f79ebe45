import Columns

/// Writes one data file of a table from batches. One implementation per file
/// format (CSV here; Parquet in the lake module) — `PartitionedWriter` only sees this.
public protocol TableFileWriter: AnyObject {
    func write(_ batch: RecordBatch) throws
    /// Bytes written so far, used to roll over to a new file at the target size.
    var bytesWritten: Int { get }
    /// Flushes and closes the file. Returns the format's own summary of it (the
    /// Parquet footer's statistics, say), carried to the committer in `WrittenFile`.
    func finish() throws -> (any Sendable)?
    /// Removes the partial file after a failure.
    func abort()
}

/// A file format a table can be written in.
public protocol TableFileFormat: Sendable {
    var fileExtension: String { get }
    func makeWriter(path: String, schema: Schema) throws -> any TableFileWriter
}

/// A data file written for a table, before or after commit.
public struct WrittenFile: Sendable, Codable, Equatable {
    enum CodingKeys: String, CodingKey { case path, partitionValues, rows, bytes }
    /// Path relative to the table directory (`date=2025-07-01/part-00000-<id>.csv`).
    public var path: String
    /// Partition column → value as text (nil = NULL), in partition-column order.
    public var partitionValues: [PartitionValue]
    public var rows: Int
    public var bytes: Int
    /// What the file format reported when the file was closed (not persisted).
    public var summary: (any Sendable)?

    public init(path: String, partitionValues: [PartitionValue], rows: Int, bytes: Int, summary: (any Sendable)? = nil) {
        self.path = path
        self.partitionValues = partitionValues
        self.rows = rows
        self.bytes = bytes
        self.summary = summary
    }

    public static func == (a: WrittenFile, b: WrittenFile) -> Bool {
        a.path == b.path && a.partitionValues == b.partitionValues && a.rows == b.rows && a.bytes == b.bytes
    }
}

public struct PartitionValue: Sendable, Codable, Equatable, Hashable {
    public var column: String
    public var value: String?
    public init(column: String, value: String?) {
        self.column = column
        self.value = value
    }
}

public enum OutputError: Error, Sendable, Equatable, CustomStringConvertible {
    static func describe(_ schema: Schema) -> String {
        "(" + schema.fields.map { "\($0.name) \($0.type)" }.joined(separator: ", ") + ")"
    }

    case io(path: String, reason: String)
    case unknownPartitionColumn(String)
    case alreadyCommitted(String)
    case schemaMismatch(table: String, existing: Schema, writing: Schema)

    public var description: String {
        switch self {
        case let .io(path, reason): "\(path): \(reason)"
        case let .unknownPartitionColumn(c): "partition column \(c) is not in the schema"
        case let .alreadyCommitted(p): "\(p): this write was already committed or aborted"
        case let .schemaMismatch(table, existing, writing):
            "\(table): the table's columns are \(Self.describe(existing)) but this write has \(Self.describe(writing)); write to a new table"
        }
    }
}
