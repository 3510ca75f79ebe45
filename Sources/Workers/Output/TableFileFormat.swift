import Partition

/// Writes one data file of a table from batches. One implementation per file
/// format (CSV here; Parquet in the lake module) — `PartitionedWriter` only sees this.
public protocol TableFileWriter: AnyObject {
    func write(_ batch: RecordBatch) throws
    /// Bytes written so far, used to roll over to a new file at the target size.
    var bytesWritten: Int { get }
    /// Flushes and closes the file.
    func finish() throws
}

/// A file format a table can be written in.
public protocol TableFileFormat: Sendable {
    var fileExtension: String { get }
    func makeWriter(path: String, schema: Schema) throws -> any TableFileWriter
}

/// A data file written for a table, before or after commit.
public struct WrittenFile: Sendable, Codable, Equatable {
    /// Path relative to the table directory (`date=2025-07-01/part-00000-<id>.csv`).
    public var path: String
    /// Partition column → value as text (nil = NULL), in partition-column order.
    public var partitionValues: [PartitionValue]
    public var rows: Int
    public var bytes: Int

    public init(path: String, partitionValues: [PartitionValue], rows: Int, bytes: Int) {
        self.path = path
        self.partitionValues = partitionValues
        self.rows = rows
        self.bytes = bytes
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
    case io(path: String, reason: String)
    case unknownPartitionColumn(String)
    case alreadyCommitted(String)

    public var description: String {
        switch self {
        case let .io(path, reason): "\(path): \(reason)"
        case let .unknownPartitionColumn(c): "partition column \(c) is not in the schema"
        case let .alreadyCommitted(p): "\(p): this write was already committed or aborted"
        }
    }
}
