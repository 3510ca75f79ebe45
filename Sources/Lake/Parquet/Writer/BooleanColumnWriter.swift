import Columns

/// Writes BOOLEAN column chunks: PLAIN, one bit per value, LSB first.
final class BooleanColumnWriter: ColumnChunkWriter {
    private let context: ColumnWriterContext
    private let pages: ChunkPages
    private let pageCapacity: Int

    private var levels = PageLevels()
    private var values = RawBuffer<UInt8>(capacity: 1 << 12) // 0/1 per non-NULL value
    private var pageRows = 0
    private var pageSeen: (false: Bool, true: Bool) = (false, false)
    private var body = RawBuffer<UInt8>(capacity: 1 << 12)

    private var chunkSeen: (false: Bool, true: Bool) = (false, false)
    private var chunkNulls = 0
    private var chunkRows = 0

    var field: Field { context.field }

    init(context: ColumnWriterContext) {
        self.context = context
        pages = ChunkPages(compressor: context.compressor)
        pageCapacity = max(8, context.options.pageBytes)
    }

    deinit {
        levels.deallocate()
        values.deallocate()
        body.deallocate()
    }

    var bufferedBytes: Int { pages.uncompressedBytes + pageRows / 8 }

    func append(_ column: Column, rows: Range<Int>) throws {
        guard case let .bool(flags) = column else {
            throw context.error("batch column does not match the field's type \(field.type)")
        }
        guard rows.lowerBound >= 0, rows.upperBound <= flags.count else { throw context.error("row range out of bounds") }
        for row in rows {
            let isNull = flags.isNull(row)
            if field.nullable {
                levels.append(isNull: isNull)
            } else if isNull {
                throw context.nullInRequired(row: row)
            }
            if !isNull {
                let v: UInt8 = flags.values[row] != 0 ? 1 : 0
                values.append(v)
                if v == 0 { pageSeen.false = true } else { pageSeen.true = true }
            }
            pageRows += 1
            if pageRows >= pageCapacity { try flushPage() }
        }
    }

    private static func statistics(_ seen: (false: Bool, true: Bool), nulls: Int) -> ParquetStatistics {
        var s = ParquetStatistics()
        s.nullCount = Int64(nulls)
        if seen.false || seen.true {
            s.minValue = [seen.false ? 0 : 1]
            s.maxValue = [seen.true ? 1 : 0]
            s.min = s.minValue
            s.max = s.maxValue
        }
        return s
    }

    private func flushPage() throws {
        guard pageRows > 0 else { return }
        body.removeAll()
        if field.nullable { levels.encode(into: &body) }
        var byte: UInt8 = 0
        for i in 0 ..< values.count {
            byte |= values[i] << UInt8(i & 7)
            if i & 7 == 7 {
                body.append(byte)
                byte = 0
            }
        }
        if values.count & 7 != 0 { body.append(byte) }
        let stats = context.options.pageStatistics ? Self.statistics(pageSeen, nulls: levels.nullCount) : nil
        do {
            try pages.addDataPage(body.rawBytes, rows: pageRows, encoding: .plain, statistics: stats)
        } catch {
            throw context.failure(error)
        }
        chunkSeen.false = chunkSeen.false || pageSeen.false
        chunkSeen.true = chunkSeen.true || pageSeen.true
        chunkNulls += levels.nullCount
        chunkRows += pageRows
        levels.removeAll()
        values.removeAll()
        pageSeen = (false, false)
        pageRows = 0
    }

    func close() throws { try flushPage() }

    func write(to sink: FileSink) throws -> FlushedChunk {
        let start = sink.offset
        try writeChunk(sink, dictionary: nil, pages: pages)
        let metadata = chunkMetadata(context: context, type: .boolean, pages: pages, dictionary: nil, start: start,
                                     statistics: Self.statistics(chunkSeen, nulls: chunkNulls))
        var stats = ColumnStatistics(nullCount: Int64(chunkNulls), valueCount: Int64(chunkRows))
        if chunkSeen.false || chunkSeen.true {
            stats.min = .bool(!chunkSeen.false)
            stats.max = .bool(chunkSeen.true)
        }
        pages.reset()
        chunkSeen = (false, false)
        chunkNulls = 0
        chunkRows = 0
        return FlushedChunk(metadata: metadata, statistics: stats)
    }
}
