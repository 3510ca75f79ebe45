import Lake
import Columns

/// Parquet data files through the lake's `ParquetWriter`. The summary a file hands
/// to its committer is the writer's `ParquetFileInfo` (row count, size, statistics).
public struct ParquetOutputFormat: TableFileFormat {
    public var options: ParquetWriterOptions
    public init(options: ParquetWriterOptions = ParquetWriterOptions()) { self.options = options }
    public var fileExtension: String { (options.compression.fileSuffix.map { $0 + "." } ?? "") + "parquet" }

    public func makeWriter(path: String, schema: Schema) throws -> any TableFileWriter {
        ParquetFileWriter(writer: try ParquetWriter(path: path, schema: schema, options: options))
    }
}

extension ParquetCompression {
    /// Spark's naming: `part-….zstd.parquet`.
    var fileSuffix: String? {
        switch self {
        case .zstd: "zstd"
        case .gzip: "gz"
        default: nil
        }
    }
}

final class ParquetFileWriter: TableFileWriter {
    let writer: ParquetWriter
    /// Parquet compresses as it goes; the uncompressed batch size stands in for the
    /// file size when deciding to roll (a file ends up smaller than the target).
    private(set) var bytesWritten = 0

    init(writer: ParquetWriter) { self.writer = writer }

    func write(_ batch: RecordBatch) throws {
        try writer.write(batch)
        bytesWritten += batch.estimatedBytes
    }

    func finish() throws -> (any Sendable)? { try writer.finish() }

    func abort() { writer.abort() }
}
