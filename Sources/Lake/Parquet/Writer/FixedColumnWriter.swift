import Columns

/// Writes INT32 / INT64 / DOUBLE column chunks straight from `FixedColumn` buffers:
/// dictionary-encoded while the chunk's dictionary stays within its limits, PLAIN
/// pages from the point it would not (the dictionary page still leads the chunk).
final class FixedColumnWriter<Value: FixedValueKind & BitwiseCopyable>: ColumnChunkWriter {
    private let context: ColumnWriterContext
    private let extract: (Column) -> FixedColumn<Value>?
    private let pages: ChunkPages
    private var dictionary: FixedDictionary<Value>
    private var dictionaryActive: Bool
    private let pageCapacity: Int

    // The page being filled.
    private var levels = PageLevels()
    private var indices = RawBuffer<UInt32>(capacity: 1 << 12)
    private var plain = RawBuffer<Value>(capacity: 1 << 12)
    private var pageRows = 0
    private var pageBounds = FixedBounds<Value>()
    private var body = RawBuffer<UInt8>(capacity: 1 << 16)

    // The chunk so far.
    private var chunkBounds = FixedBounds<Value>()
    private var chunkNulls = 0
    private var chunkRows = 0

    var field: Field { context.field }

    init(context: ColumnWriterContext, extract: @escaping (Column) -> FixedColumn<Value>?) {
        self.context = context
        self.extract = extract
        pages = ChunkPages(compressor: context.compressor)
        let options = context.options
        dictionary = FixedDictionary(maxEntries: options.dictionaryMaxEntries, maxBytes: options.dictionaryMaxBytes)
        dictionaryActive = options.dictionary
        pageCapacity = max(1, options.pageBytes / MemoryLayout<Value>.size)
    }

    deinit {
        levels.deallocate()
        indices.deallocate()
        plain.deallocate()
        body.deallocate()
    }

    var bufferedBytes: Int {
        pages.uncompressedBytes + pageRows * MemoryLayout<Value>.size + dictionary.count * MemoryLayout<Value>.size
    }

    func append(_ column: Column, rows: Range<Int>) throws {
        guard let fixed = extract(column) else { throw context.error("batch column does not match the field's type \(field.type)") }
        guard rows.lowerBound >= 0, rows.upperBound <= fixed.count else { throw context.error("row range out of bounds") }
        try fixed.values.withUnsafeBufferPointer { values in
            if let nulls = fixed.nulls {
                try nulls.withUnsafeBufferPointer { mask in try append(values, mask, rows) }
            } else {
                try append(values, nil, rows)
            }
        }
    }

    private func append(_ values: UnsafeBufferPointer<Value>, _ nulls: UnsafeBufferPointer<Bool>?,
                        _ rows: Range<Int>) throws {
        if let nulls, !field.nullable, let bad = rows.first(where: { nulls[$0] }) {
            throw context.nullInRequired(row: bad)
        }
        var row = rows.lowerBound
        while row < rows.upperBound {
            let block = row ..< min(rows.upperBound, row + (pageCapacity - pageRows))
            let done = dictionaryActive ? encodeDictionary(values, nulls, block) : encodePlain(values, nulls, block)
            let encoded = block.lowerBound ..< done
            if field.nullable {
                if let nulls {
                    levels.levels.reserve(encoded.count)
                    for i in encoded { levels.append(isNull: nulls[i]) }
                } else {
                    levels.appendPresent(encoded.count)
                }
            }
            Value.accumulate(values, nulls: nulls, encoded, into: &pageBounds)
            pageRows += encoded.count
            row = done
            if done < block.upperBound {
                // The dictionary is full: this chunk continues with PLAIN pages.
                try flushPage()
                dictionaryActive = false
            } else if pageRows >= pageCapacity {
                try flushPage()
            }
        }
    }

    /// Adds dictionary indices for `block`; returns the row where it stopped (the
    /// block's end, or the first row whose value no longer fits the dictionary).
    private func encodeDictionary(_ values: UnsafeBufferPointer<Value>, _ nulls: UnsafeBufferPointer<Bool>?,
                                  _ block: Range<Int>) -> Int {
        var out = indices
        // The dictionary moves into a local for the loop: each access to a class's
        // stored property pays a dynamic exclusivity check, a local none.
        var dictionary = FixedDictionary<Value>.placeholder
        swap(&dictionary, &self.dictionary)
        defer {
            indices = out
            swap(&dictionary, &self.dictionary)
        }
        out.reserve(block.count)
        for i in block {
            if let nulls, nulls[i] { continue }
            guard let index = dictionary.index(of: values[i]) else { return i }
            out.appendUnchecked(index)
        }
        return block.upperBound
    }

    private func encodePlain(_ values: UnsafeBufferPointer<Value>, _ nulls: UnsafeBufferPointer<Bool>?,
                             _ block: Range<Int>) -> Int {
        if let nulls {
            plain.reserve(block.count)
            for i in block where !nulls[i] { plain.appendUnchecked(values[i]) }
        } else {
            plain.append(UnsafeBufferPointer(rebasing: values[block]))
        }
        return block.upperBound
    }

    private func flushPage() throws {
        guard pageRows > 0 else { return }
        body.removeAll()
        if field.nullable { levels.encode(into: &body) }
        let encoding: ParquetEncoding
        if dictionaryActive {
            encoding = .rleDictionary
            let width = dictionaryBitWidth(dictionary.count)
            body.append(UInt8(width))
            RLEHybridEncoder.encode(indices.buffer, bitWidth: width, into: &body)
        } else {
            encoding = .plain
            body.append(plain.rawBytes)
        }
        let stats = context.options.pageStatistics ? pageBounds.parquet(nullCount: levels.nullCount) : nil
        do {
            try pages.addDataPage(body.rawBytes, rows: pageRows, encoding: encoding, statistics: stats)
        } catch {
            throw context.failure(error)
        }
        chunkBounds.merge(pageBounds, less: Value.less)
        chunkNulls += levels.nullCount
        chunkRows += pageRows
        levels.removeAll()
        indices.removeAll()
        plain.removeAll()
        pageBounds = FixedBounds()
        pageRows = 0
    }

    /// The closed chunk's dictionary page (header + compressed body).
    private var dictionaryPage: (bytes: ContiguousArray<UInt8>, uncompressed: Int)?

    func close() throws {
        try flushPage()
        dictionaryPage = nil
        if dictionary.count > 0 || pages.encodings.contains(ParquetEncoding.rleDictionary.rawValue) {
            do {
                dictionaryPage = try dictionary.values.withUnsafeBytes { raw in
                    try pages.dictionaryPage(raw, entries: dictionary.count)
                }
            } catch {
                throw context.failure(error)
            }
        }
    }

    func write(to sink: FileSink) throws -> FlushedChunk {
        let start = sink.offset
        try writeChunk(sink, dictionary: dictionaryPage?.bytes, pages: pages)
        let metadata = chunkMetadata(context: context, type: Value.physicalType, pages: pages, dictionary: dictionaryPage,
                                     start: start, statistics: chunkBounds.parquet(nullCount: chunkNulls))
        var stats = ColumnStatistics(nullCount: Int64(chunkNulls), valueCount: Int64(chunkRows))
        if chunkBounds.hasValue {
            stats.min = Value.reported(chunkBounds.min, field.type)
            stats.max = Value.reported(chunkBounds.max, field.type)
        }
        // A new chunk: fresh dictionary, dictionary encoding tried again.
        pages.reset()
        dictionaryPage = nil
        dictionary.removeAll()
        dictionaryActive = context.options.dictionary
        chunkBounds = FixedBounds()
        chunkNulls = 0
        chunkRows = 0
        return FlushedChunk(metadata: metadata, statistics: stats)
    }
}
