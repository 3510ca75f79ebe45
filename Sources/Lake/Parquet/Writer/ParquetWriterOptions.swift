import Columns

/// Page compression codec for written files.
public enum ParquetCompression: Sendable, Equatable {
    case uncompressed
    /// gzip members (zlib level 1...9).
    case gzip(level: Int32 = 6)
    /// zstd frames (level 1...19; 3 is zstd's and DuckDB's default).
    case zstd(level: Int32 = 3)
}

/// How `ParquetWriter` lays out a file.
public struct ParquetWriterOptions: Sendable, Equatable {
    public var compression: ParquetCompression = .zstd(level: 3)
    /// A row group is closed once its encoded, uncompressed pages reach this size.
    public var rowGroupBytes: Int = 128 << 20
    /// A data page is closed once its values reach about this many bytes.
    public var pageBytes: Int = 1 << 20
    /// Try dictionary encoding for each column chunk (never for BOOLEAN).
    public var dictionary: Bool = true
    /// A chunk whose dictionary would outgrow either limit continues with PLAIN pages.
    public var dictionaryMaxEntries: Int = 64 << 10
    public var dictionaryMaxBytes: Int = 1 << 20
    /// Threads that encode and compress columns in parallel (the caller's
    /// included). 0 = one per core, at most one per column; 1 = all work on the
    /// calling thread (use it when many writers already run side by side).
    public var encodingThreads: Int = 0
    /// Statistics in every data page header as well as per column chunk.
    public var pageStatistics: Bool = true
    /// BYTE_ARRAY bounds longer than this many bytes are truncated in the statistics
    /// (the minimum to a prefix, the maximum to an incremented prefix), as parquet-mr
    /// and Arrow do: readers cap the size of page headers and footers.
    public var statisticsTruncateLength: Int = 64
    /// `FileMetaData.created_by`, in Parquet's "<app> version <x.y.z> (build <id>)" form.
    public var createdBy: String = "medallion version 0.1.0 (build lake)"
    /// Extra key/value pairs for the footer.
    public var keyValueMetadata: [(key: String, value: String)] = []

    public init() {}

    public init(compression: ParquetCompression = .zstd(level: 3), rowGroupBytes: Int = 128 << 20,
                pageBytes: Int = 1 << 20, dictionary: Bool = true) {
        self.compression = compression
        self.rowGroupBytes = rowGroupBytes
        self.pageBytes = pageBytes
        self.dictionary = dictionary
    }

    public static func == (a: Self, b: Self) -> Bool {
        a.compression == b.compression && a.rowGroupBytes == b.rowGroupBytes && a.pageBytes == b.pageBytes
            && a.dictionary == b.dictionary && a.encodingThreads == b.encodingThreads && a.dictionaryMaxEntries == b.dictionaryMaxEntries
            && a.dictionaryMaxBytes == b.dictionaryMaxBytes && a.pageStatistics == b.pageStatistics
            && a.statisticsTruncateLength == b.statisticsTruncateLength
            && a.createdBy == b.createdBy
            && a.keyValueMetadata.map(\.key) == b.keyValueMetadata.map(\.key)
            && a.keyValueMetadata.map(\.value) == b.keyValueMetadata.map(\.value)
    }
}

/// What `ParquetWriter.finish()` reports about the file it wrote.
public struct ParquetFileInfo: Sendable, Equatable {
    public var path: String
    public var rowCount: Int64
    /// Size of the whole file in bytes.
    public var fileBytes: Int64
    public var rowGroupCount: Int
    public var schema: Schema
    /// One entry per schema field, in schema order, covering the whole file.
    public var columns: [ColumnStatistics]

    public func statistics(for column: String) -> ColumnStatistics? {
        schema.index(of: column).map { columns[$0] }
    }
}
