import Columns

/// Encodes one column of the open row group into compressed pages and writes them
/// out when the row group closes. One implementation per physical kind.
protocol ColumnChunkWriter: AnyObject {
    var field: Field { get }
    /// Encoded, uncompressed bytes this column holds for the open row group.
    var bufferedBytes: Int { get }
    func append(_ column: Column, rows: Range<Int>) throws
    /// Ends the chunk: the last data page and the dictionary page are compressed.
    /// (Independent per column, so row groups close in parallel.)
    func close() throws
    /// Writes the closed chunk at the sink's offset and starts a new one.
    func write(to sink: FileSink) throws -> FlushedChunk
}

/// The column writers by concrete type. Calls through this enum reach the
/// specialised code of each writer (an existential or a generic class's vtable
/// would run the unspecialised generic bodies in the per-value loops).
enum AnyColumnWriter {
    case text(ByteArrayColumnWriter)
    case int64(FixedColumnWriter<Int64>)
    case int32(FixedColumnWriter<Int32>)
    case double(FixedColumnWriter<UInt64>)
    case bool(BooleanColumnWriter)

    var bufferedBytes: Int {
        switch self {
        case let .text(w): w.bufferedBytes
        case let .int64(w): w.bufferedBytes
        case let .int32(w): w.bufferedBytes
        case let .double(w): w.bufferedBytes
        case let .bool(w): w.bufferedBytes
        }
    }

    func append(_ column: Column, rows: Range<Int>) throws {
        switch self {
        case let .text(w): try w.append(column, rows: rows)
        case let .int64(w): try w.append(column, rows: rows)
        case let .int32(w): try w.append(column, rows: rows)
        case let .double(w): try w.append(column, rows: rows)
        case let .bool(w): try w.append(column, rows: rows)
        }
    }

    func close() throws {
        switch self {
        case let .text(w): try w.close()
        case let .int64(w): try w.close()
        case let .int32(w): try w.close()
        case let .double(w): try w.close()
        case let .bool(w): try w.close()
        }
    }

    func write(to sink: FileSink) throws -> FlushedChunk {
        switch self {
        case let .text(w): try w.write(to: sink)
        case let .int64(w): try w.write(to: sink)
        case let .int32(w): try w.write(to: sink)
        case let .double(w): try w.write(to: sink)
        case let .bool(w): try w.write(to: sink)
        }
    }

    /// Relative cost of appending a value, to hand the slowest columns out first.
    var weight: Int {
        switch self {
        case .text: 3
        case .int64, .double: 2
        case .int32, .bool: 1
        }
    }
}

/// What a written column chunk contributes to the footer and to the file's stats.
struct FlushedChunk {
    var metadata: ColumnMetaData
    var statistics: ColumnStatistics
}

/// The settings every column writer shares.
struct ColumnWriterContext {
    let path: String
    let field: Field
    let options: ParquetWriterOptions
    let compressor: PageCompressor

    func error(_ message: String) -> ParquetError {
        ParquetError(.invalidArgument, path: path, column: field.name, message)
    }

    /// A codec or encoding failure while writing, as a ParquetError.
    func failure(_ e: any Error) -> ParquetError {
        if let e = e as? ParquetError { return e }
        let message = (e as? PageDecodingError)?.message ?? String(describing: e)
        return ParquetError(.io, path: path, column: field.name, message)
    }

    func nullInRequired(row: Int) -> ParquetError {
        error("NULL at row \(row) of a non-nullable field")
    }
}

/// Definition levels of the page being filled (only for OPTIONAL fields), one
/// byte per row. Owned by a writer, which deallocates it.
struct PageLevels {
    var levels = RawBuffer<UInt8>(capacity: 1 << 12)
    var nullCount = 0

    var count: Int { levels.count }

    mutating func appendPresent(_ n: Int) { levels.append(repeating: 1, count: n) }

    @inline(__always)
    mutating func append(isNull: Bool) {
        levels.append(isNull ? 0 : 1)
        if isNull { nullCount &+= 1 }
    }

    mutating func removeAll() {
        levels.removeAll()
        nullCount = 0
    }

    func deallocate() { levels.deallocate() }

    /// v1 layout: 4-byte little-endian length, then the RLE hybrid at bit width 1.
    func encode(into body: inout RawBuffer<UInt8>) {
        let lengthAt = body.count
        body.appendLength(0)
        RLEHybridEncoder.encode(levels.buffer, bitWidth: 1, into: &body)
        let n = UInt32(body.count - lengthAt - 4)
        for k in 0 ..< 4 { body[lengthAt + k] = UInt8(truncatingIfNeeded: n >> UInt32(8 * k)) }
    }
}

/// Bit width of dictionary indices for a dictionary of `count` entries (at least 1,
/// as Arrow writes).
func dictionaryBitWidth(_ count: Int) -> Int {
    count <= 2 ? 1 : Int.bitWidth - (count - 1).leadingZeroBitCount
}

/// The statistics value kind a column type reports (decimals unscaled, dates as days).
func statisticsValue(_ raw: Int64, _ type: ColumnType) -> StatisticsValue {
    switch type {
    case .int32, .date: .int32(Int32(truncatingIfNeeded: raw))
    default: .int64(raw)
    }
}

/// Column chunk metadata common to all writers.
func chunkMetadata(context: ColumnWriterContext, type: PhysicalType, pages: ChunkPages,
                   dictionary: (bytes: ContiguousArray<UInt8>, uncompressed: Int)?, start: Int64,
                   statistics: ParquetStatistics) -> ColumnMetaData {
    var encodings = pages.encodings
    encodings.insert(ParquetEncoding.rle.rawValue) // definition levels
    if dictionary != nil { encodings.insert(ParquetEncoding.plain.rawValue) }
    let dictBytes = dictionary?.bytes.count ?? 0
    return ColumnMetaData(
        type: type,
        encodings: encodings.sorted().map { ParquetEncoding(rawValue: $0) },
        pathInSchema: [context.field.name],
        codec: pages.codec,
        numValues: pages.valueCount,
        totalUncompressedSize: Int64((dictionary?.uncompressed ?? 0) + pages.uncompressedBytes),
        totalCompressedSize: Int64(dictBytes + pages.compressedBytes),
        dataPageOffset: start + Int64(dictBytes),
        dictionaryPageOffset: dictionary == nil ? nil : start,
        statistics: statistics)
}

/// Writes a finished chunk's pages (dictionary page first) to the sink.
func writeChunk(_ sink: FileSink, dictionary: ContiguousArray<UInt8>?, pages: ChunkPages) throws {
    if let dictionary { try sink.write(dictionary) }
    try pages.write(to: sink)
}
