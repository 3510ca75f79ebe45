import Columns
import Synchronization

/// One row group as the footer describes it.
public struct ParquetRowGroupInfo: Sendable, Equatable {
    public var index: Int
    public var rowCount: Int64
    public var compressedBytes: Int64
    public var uncompressedBytes: Int64
    /// Per schema field, in schema order.
    public var columns: [ColumnStatistics]
}

/// Reads flat Parquet files (from this engine, pyarrow, DuckDB, Spark…) into
/// `RecordBatch`es: whole row groups with column projection, optionally skipping
/// row groups whose statistics rule out a predicate.
///
///     let reader = try ParquetReader(path: "part-0.parquet")
///     let batches = try reader.read(columns: ["id", "amount"],
///                                   predicate: .greaterThan("id", .int64(1_000)))
///
/// Immutable after `init` and safe to share: row groups may be read concurrently.
public final class ParquetReader: Sendable {
    public let path: String
    public let schema: Schema
    public let rowCount: Int64
    public let rowGroups: [ParquetRowGroupInfo]
    /// `created_by` from the footer (e.g. "parquet-cpp-arrow version 21.0.0").
    public let createdBy: String?
    /// Footer key/value metadata (later keys win on duplicates).
    public let keyValueMetadata: [String: String]

    private let source: FileSource
    private let metadata: FileMetaData
    private let leaves: [LeafColumn]

    /// Threads that decode the columns of a row group (0 = one per core).
    public let decodingThreads: Int

    public init(path: String, decodingThreads: Int = 0) throws {
        self.path = path
        self.decodingThreads = decodingThreads
        source = try FileSource(path: path)
        metadata = try FooterReader.read(source)
        leaves = try SchemaMapping.leaves(metadata.schema, path: path)
        schema = Schema(leaves.map(\.field))
        createdBy = metadata.createdBy
        var kv: [String: String] = [:]
        for pair in metadata.keyValueMetadata ?? [] { kv[pair.key] = pair.value ?? "" }
        keyValueMetadata = kv
        guard metadata.numRows >= 0 else { throw ParquetError(.corrupt, path: path, "negative row count") }
        rowCount = metadata.numRows
        var groups: [ParquetRowGroupInfo] = []
        for (i, group) in metadata.rowGroups.enumerated() {
            try Self.validate(group, index: i, leaves: leaves, path: path)
            var compressed: Int64 = 0
            var stats: [ColumnStatistics] = []
            for (leaf, chunk) in zip(leaves, group.columns) {
                guard let m = chunk.metaData else { continue } // validated above
                compressed += m.totalCompressedSize
                stats.append(StatisticsDecoding.decode(m.statistics, leaf: leaf, valueCount: m.numValues))
            }
            groups.append(ParquetRowGroupInfo(index: i, rowCount: group.numRows, compressedBytes: compressed,
                                              uncompressedBytes: group.totalByteSize, columns: stats))
        }
        rowGroups = groups
    }

    /// Statistics of `column` in row group `index`.
    public func statistics(rowGroup index: Int, column: String) -> ColumnStatistics? {
        guard rowGroups.indices.contains(index), let c = schema.index(of: column) else { return nil }
        return rowGroups[index].columns[c]
    }

    /// Indices of the row groups whose statistics do not rule out `predicate`.
    public func rowGroups(matching predicate: StatisticsPredicate) -> [Int] {
        rowGroups.filter { group in
            predicate.mightMatch { name in schema.index(of: name).map { group.columns[$0] } }
        }.map(\.index)
    }

    /// One row group's rows, with only `columns` (in that order) when given.
    public func readRowGroup(_ index: Int, columns: [String]? = nil) throws -> RecordBatch {
        guard rowGroups.indices.contains(index) else {
            throw ParquetError(.invalidArgument, path: path, "row group \(index) does not exist (the file has \(rowGroups.count))")
        }
        let selected = try projection(columns)
        let group = metadata.rowGroups[index]
        let rows = Int(group.numRows)
        // Column chunks decode independently: in parallel, one slot each.
        let results = ResultSlots(count: selected.count)
        let parallelism = ColumnParallelism(requested: decodingThreads, weights: selected.map { leaves[$0].conversion == .bytes ? 2 : 1 })
        try parallelism.run { k in
            let leaf = leaves[selected[k]]
            guard let m = group.columns[selected[k]].metaData else { return } // validated in init
            let start = Self.chunkStart(m)
            let bytes = try source.read(at: start, count: Int(m.totalCompressedSize), what: "column chunk '\(leaf.field.name)'")
            let reader = ColumnChunkReader(path: path, leaf: leaf, metadata: m, fileOffset: start, bytes: bytes,
                                           rows: rows, decompressor: PageDecompressor())
            results.set(k, try reader.read())
        }
        var output: [Column] = []
        for k in selected.indices {
            guard let column = results.take(k) else {
                throw ParquetError(.corrupt, path: path, column: leaves[selected[k]].field.name, "column chunk has no metadata")
            }
            output.append(column)
        }
        return RecordBatch(schema: Schema(selected.map { leaves[$0].field }), columns: output)
    }

    /// Every row group that `predicate` (when given) does not rule out, one batch
    /// each. Rows inside a kept row group are not filtered.
    public func read(columns: [String]? = nil, predicate: StatisticsPredicate? = nil) throws -> [RecordBatch] {
        _ = try projection(columns)
        var groups = Array(rowGroups.indices)
        if let predicate {
            for name in predicate.columns where schema.index(of: name) == nil {
                throw ParquetError(.invalidArgument, path: path, column: name, "predicate names a column the file does not have")
            }
            groups = rowGroups(matching: predicate)
        }
        return try groups.map { try readRowGroup($0, columns: columns) }
    }

    private func projection(_ columns: [String]?) throws -> [Int] {
        guard let columns else { return Array(leaves.indices) }
        var seen = Set<String>()
        return try columns.map { name in
            guard let i = schema.index(of: name) else {
                throw ParquetError(.invalidArgument, path: path, column: name, "no such column")
            }
            guard seen.insert(name).inserted else {
                throw ParquetError(.invalidArgument, path: path, column: name, "column requested twice")
            }
            return i
        }
    }

    /// The chunk's first page: the dictionary page when there is a plausible one.
    private static func chunkStart(_ m: ColumnMetaData) -> Int64 {
        if let d = m.dictionaryPageOffset, d > 0, d < m.dataPageOffset { return d }
        return m.dataPageOffset
    }

    private static func validate(_ group: RowGroup, index: Int, leaves: [LeafColumn], path: String) throws {
        guard group.columns.count == leaves.count else {
            throw ParquetError(.corrupt, path: path, "row group \(index) has \(group.columns.count) column chunks for \(leaves.count) columns")
        }
        guard group.numRows >= 0, group.numRows <= Int64(Int32.max) else {
            throw ParquetError(.corrupt, path: path, "row group \(index) has an invalid row count \(group.numRows)")
        }
        for (leaf, chunk) in zip(leaves, group.columns) {
            let name = leaf.field.name
            guard chunk.filePath == nil else {
                throw ParquetError(.unsupported, path: path, column: name, "column data in another file (\(chunk.filePath ?? ""))")
            }
            guard let m = chunk.metaData else {
                throw ParquetError(.corrupt, path: path, column: name, "row group \(index) has a chunk without metadata")
            }
            guard m.type == leaf.physical else {
                throw ParquetError(.corrupt, path: path, column: name, "chunk type \(m.type) differs from the schema's \(leaf.physical)")
            }
            guard m.numValues == group.numRows else {
                throw ParquetError(.corrupt, path: path, column: name,
                                   "row group \(index): chunk has \(m.numValues) values for \(group.numRows) rows")
            }
            guard m.totalCompressedSize >= 0, m.totalCompressedSize <= Int64(Int32.max) * 4, m.dataPageOffset >= 4 else {
                throw ParquetError(.corrupt, path: path, column: name, "row group \(index): invalid chunk offsets or size")
            }
        }
    }
}

/// One result per task of a parallel run, each written by exactly one task.
private final class ResultSlots: Sendable {
    private let slots: Mutex<[Column?]>

    init(count: Int) { slots = Mutex(Array(repeating: nil, count: count)) }

    func set(_ i: Int, _ column: Column) { slots.withLock { $0[i] = column } }
    func take(_ i: Int) -> Column? { slots.withLock { $0[i] } }
}
