import Columns

/// Writes one Parquet file from `RecordBatch`es of a fixed schema, streaming:
/// only the open row group's compressed pages are held in memory, and a row group
/// is written out as soon as its encoded size reaches `options.rowGroupBytes`.
///
///     let writer = try ParquetWriter(path: "part-0.parquet", schema: schema)
///     try writer.write(batch)            // any number of times
///     let info = try writer.finish()     // footer; rows, size, column statistics
///
/// Any failure removes the partial file; the writer then refuses further calls.
public final class ParquetWriter {
    public let path: String
    public let schema: Schema
    public let options: ParquetWriterOptions

    private let sink: FileSink
    private let columns: [AnyColumnWriter]
    private let parallelism: ColumnParallelism
    private let elements: [SchemaElement]
    private var rowGroups: [RowGroup] = []
    private var fileStatistics: [ColumnStatistics]
    private var groupRows = 0
    private var totalRows: Int64 = 0
    private var state = State.open

    private enum State { case open, finished, failed }

    /// Rows in a slice of a batch between row-group size checks.
    private static let sliceRows = 1 << 16

    public init(path: String, schema: Schema, options: ParquetWriterOptions = ParquetWriterOptions()) throws {
        self.path = path
        self.schema = schema
        self.options = options
        elements = try SchemaElements.make(schema, path: path)
        columns = try schema.fields.map { field -> AnyColumnWriter in
            // One compressor per column: columns are encoded in parallel.
            let compressor: PageCompressor
            do {
                compressor = try PageCompressor(options.compression)
            } catch {
                throw ParquetError(.io, path: path, (error as? PageDecodingError)?.message ?? "\(error)")
            }
            let context = ColumnWriterContext(path: path, field: field, options: options, compressor: compressor)
            switch field.type {
            case .text, .binary:
                return .text(ByteArrayColumnWriter(context: context))
            case .int64:
                return .int64(FixedColumnWriter<Int64>(context: context) { if case let .int64(c) = $0 { c } else { nil } })
            case .decimal:
                return .int64(FixedColumnWriter<Int64>(context: context) { if case let .decimal(c) = $0 { c } else { nil } })
            case .int32:
                return .int32(FixedColumnWriter<Int32>(context: context) { if case let .int32(c) = $0 { c } else { nil } })
            case .date:
                return .int32(FixedColumnWriter<Int32>(context: context) { if case let .date(c) = $0 { c } else { nil } })
            case .double:
                return .double(FixedColumnWriter<UInt64>(context: context) { if case let .double(c) = $0 { c } else { nil } })
            case .bool:
                return .bool(BooleanColumnWriter(context: context))
            }
        }
        parallelism = ColumnParallelism(requested: options.encodingThreads, weights: columns.map(\.weight))
        fileStatistics = Array(repeating: ColumnStatistics(), count: schema.count)
        sink = try FileSink(path: path)
        do {
            try sink.write(ParquetFormat.magicBytes)
        } catch {
            sink.discard()
            throw error
        }
    }

    /// Rows written so far (including the open row group).
    public var rowCount: Int64 { totalRows }

    /// Appends a batch whose schema has the writer's column names and types.
    public func write(_ batch: RecordBatch) throws {
        try guardOpen()
        do {
            try checkSchema(batch.schema)
            let rows = batch.rowCount
            for column in batch.columns where column.count != rows {
                throw ParquetError(.invalidArgument, path: path, "batch columns have different lengths")
            }
            var start = 0
            while start < rows {
                let slice = start ..< min(rows, start + Self.sliceRows)
                let columns = self.columns
                try parallelism.run { i in try columns[i].append(batch.columns[i], rows: slice) }
                groupRows += slice.count
                totalRows += Int64(slice.count)
                start = slice.upperBound
                if columns.reduce(0, { $0 + $1.bufferedBytes }) >= options.rowGroupBytes {
                    try flushRowGroup()
                }
            }
        } catch {
            fail()
            throw error
        }
    }

    /// Writes the last row group and the footer, closes the file and reports it.
    public func finish() throws -> ParquetFileInfo {
        try guardOpen()
        do {
            if groupRows > 0 { try flushRowGroup() }
            var metadata = FileMetaData(version: 1, schema: elements, numRows: totalRows, rowGroups: rowGroups)
            metadata.createdBy = options.createdBy
            if !options.keyValueMetadata.isEmpty {
                metadata.keyValueMetadata = options.keyValueMetadata.map { KeyValue(key: $0.key, value: $0.value) }
            }
            metadata.columnOrders = Array(repeating: 1, count: schema.count) // TYPE_ORDER
            var e = CompactEncoder(capacity: 4096)
            e.beginStruct()
            metadata.encode(to: &e)
            e.endStruct()
            try sink.write(e.bytes)
            var length = UInt32(e.bytes.count).littleEndian
            try withUnsafeBytes(of: &length) { (raw) throws in try sink.write(raw) }
            try sink.write(ParquetFormat.magicBytes)
            let size = sink.offset
            try sink.close()
            state = .finished
            return ParquetFileInfo(path: path, rowCount: totalRows, fileBytes: size, rowGroupCount: rowGroups.count,
                                   schema: schema, columns: fileStatistics)
        } catch {
            fail()
            throw error
        }
    }

    /// Abandons the file: closes and removes it. Safe to call in any state.
    public func abort() {
        guard state == .open else { return }
        fail()
    }

    private func flushRowGroup() throws {
        let columns = self.columns
        try parallelism.run { i in try columns[i].close() }
        let start = sink.offset
        var chunks: [ColumnChunk] = []
        var uncompressed: Int64 = 0
        for (i, writer) in columns.enumerated() {
            let flushed = try writer.write(to: sink)
            uncompressed += flushed.metadata.totalUncompressedSize
            chunks.append(ColumnChunk(metaData: flushed.metadata))
            fileStatistics[i] = rowGroups.isEmpty ? flushed.statistics : fileStatistics[i].merged(with: flushed.statistics)
        }
        var group = RowGroup(columns: chunks, totalByteSize: uncompressed, numRows: Int64(groupRows))
        group.fileOffset = start
        group.totalCompressedSize = sink.offset - start
        group.ordinal = Int16(truncatingIfNeeded: rowGroups.count)
        rowGroups.append(group)
        groupRows = 0
    }

    private func checkSchema(_ other: Schema) throws {
        guard other.count == schema.count else {
            throw ParquetError(.invalidArgument, path: path, "batch has \(other.count) columns, the file \(schema.count)")
        }
        for (a, b) in zip(schema.fields, other.fields) where a.name != b.name || a.type != b.type {
            throw ParquetError(.invalidArgument, path: path, column: a.name,
                               "batch column '\(b.name)' \(b.type) does not match the file's \(a.type)")
        }
    }

    private func guardOpen() throws {
        switch state {
        case .open: return
        case .finished: throw ParquetError(.invalidArgument, path: path, "the writer has finished")
        case .failed: throw ParquetError(.invalidArgument, path: path, "the writer failed earlier and removed the file")
        }
    }

    private func fail() {
        state = .failed
        sink.discard()
    }
}

enum ParquetFormat {
    static let magic: [UInt8] = Array("PAR1".utf8)
    static let magicBytes = ContiguousArray(magic)
}
