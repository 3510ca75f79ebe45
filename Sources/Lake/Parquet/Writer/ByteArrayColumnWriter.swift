import Partition

/// Writes STRING (BYTE_ARRAY, UTF8) column chunks straight from `ByteColumn`
/// buffers. Dictionary-encoded while the dictionary fits its limits, PLAIN after.
/// Bounds are compared in place (unsigned bytes) and copied once per append call.
final class ByteArrayColumnWriter: ColumnChunkWriter {
    private let context: ColumnWriterContext
    private let pages: ChunkPages
    private var dictionary: ByteArrayDictionary
    private var dictionaryActive: Bool
    private let pageBytes: Int
    private let pageRowLimit: Int

    // The page being filled.
    private var levels = PageLevels()
    private var indices = ContiguousArray<UInt32>()
    private var plain = ContiguousArray<UInt8>()
    private var pageRows = 0
    private var pageValueBytes = 0
    private var pageMin: ContiguousArray<UInt8>?
    private var pageMax: ContiguousArray<UInt8>?
    /// Per dictionary entry, the last page that compared it against the bounds.
    private var seenInPage = ContiguousArray<UInt32>()
    private var pageNumber: UInt32 = 1
    private var body = ContiguousArray<UInt8>()

    // The chunk so far.
    private var chunkMin: ContiguousArray<UInt8>?
    private var chunkMax: ContiguousArray<UInt8>?
    private var chunkNulls = 0
    private var chunkRows = 0

    var field: Field { context.field }

    init(context: ColumnWriterContext) {
        self.context = context
        pages = ChunkPages(compressor: context.compressor)
        let options = context.options
        dictionary = ByteArrayDictionary(maxEntries: options.dictionaryMaxEntries, maxBytes: options.dictionaryMaxBytes)
        dictionaryActive = options.dictionary
        pageBytes = max(1, options.pageBytes)
        pageRowLimit = max(1024, options.pageBytes / 4)
    }

    var bufferedBytes: Int { pages.uncompressedBytes + pageValueBytes + dictionary.plain.count }

    func append(_ column: Column, rows: Range<Int>) throws {
        guard case let .text(text) = column else {
            throw context.error("batch column does not match the field's type \(field.type)")
        }
        guard rows.lowerBound >= 0, rows.upperBound <= text.count else { throw context.error("row range out of bounds") }
        // A column of only empty values may have no storage; give it one byte.
        let storage = text.bytes.isEmpty ? [0] : text.bytes
        try storage.withUnsafeBytes { (bytes) throws in
            try text.offsets.withUnsafeBufferPointer { (offsets) throws in
                if let nulls = text.nulls {
                    try nulls.withUnsafeBufferPointer { (mask) throws in
                        try append(bytes, offsets, mask, rows)
                    }
                } else {
                    try append(bytes, offsets, nil, rows)
                }
            }
        }
    }

    private func append(_ bytes: UnsafeRawBufferPointer, _ offsets: UnsafeBufferPointer<Int32>,
                        _ nulls: UnsafeBufferPointer<Bool>?, _ rows: Range<Int>) throws {
        guard let base = bytes.baseAddress else { throw context.error("column has no storage") }
        // Bounds of this call's values, pointing into the column (no copies).
        var low: (UnsafeRawPointer, Int)?
        var high: (UnsafeRawPointer, Int)?
        for row in rows {
            let start = Int(offsets[row])
            let end = Int(offsets[row + 1])
            guard start >= 0, start <= end, end <= bytes.count else { throw context.error("corrupt offsets at row \(row)") }
            let isNull = nulls.map { $0[row] } ?? (start == end)
            if field.nullable {
                levels.append(isNull: isNull)
            } else if isNull {
                throw context.nullInRequired(row: row)
            }
            pageRows += 1
            if !isNull {
                let p = base + start
                let n = end - start
                var compare = true
                if dictionaryActive {
                    if let index = dictionary.index(of: p, count: n) {
                        indices.append(index)
                        let i = Int(index)
                        if i == seenInPage.count { seenInPage.append(0) }
                        compare = seenInPage[i] != pageNumber
                        seenInPage[i] = pageNumber
                    } else {
                        // The dictionary is full: close the page before this value
                        // (its level is already recorded, so move it along).
                        pageRows -= 1
                        let level = field.nullable ? levels.levels.removeLast() : 1
                        mergeBounds(&low, &high)
                        try flushPage()
                        dictionaryActive = false
                        if field.nullable { levels.levels.append(level) }
                        pageRows = 1
                    }
                }
                if !dictionaryActive {
                    var length = UInt32(n).littleEndian
                    withUnsafeBytes(of: &length) { plain.append(contentsOf: $0) }
                    plain.append(contentsOf: UnsafeRawBufferPointer(start: p, count: n))
                }
                if compare {
                    if let (lp, ln) = low { if ByteHashing.compare(p, n, lp, ln) < 0 { low = (p, n) } } else { low = (p, n) }
                    if let (hp, hn) = high { if ByteHashing.compare(p, n, hp, hn) > 0 { high = (p, n) } } else { high = (p, n) }
                }
                pageValueBytes += n + 4
            }
            if pageValueBytes >= pageBytes || pageRows >= pageRowLimit {
                mergeBounds(&low, &high)
                try flushPage()
            }
        }
        mergeBounds(&low, &high)
    }

    /// Folds this call's bounds into the page's (copying at most two values).
    private func mergeBounds(_ low: inout (UnsafeRawPointer, Int)?, _ high: inout (UnsafeRawPointer, Int)?) {
        if let (p, n) = low {
            if !Self.precedes(pageMin, p, n) { pageMin = ContiguousArray(UnsafeRawBufferPointer(start: p, count: n)) }
        }
        if let (p, n) = high {
            if !Self.follows(pageMax, p, n) { pageMax = ContiguousArray(UnsafeRawBufferPointer(start: p, count: n)) }
        }
        low = nil
        high = nil
    }

    /// Whether `bound` exists and is ≤ the value.
    private static func precedes(_ bound: ContiguousArray<UInt8>?, _ p: UnsafeRawPointer, _ n: Int) -> Bool {
        guard let bound else { return false }
        return bound.withUnsafeBytes { ByteHashing.compare($0.baseAddress ?? p, $0.count, p, n) <= 0 }
    }

    /// Whether `bound` exists and is ≥ the value.
    private static func follows(_ bound: ContiguousArray<UInt8>?, _ p: UnsafeRawPointer, _ n: Int) -> Bool {
        guard let bound else { return false }
        return bound.withUnsafeBytes { ByteHashing.compare($0.baseAddress ?? p, $0.count, p, n) >= 0 }
    }

    private func flushPage() throws {
        guard pageRows > 0 else { return }
        body.removeAll(keepingCapacity: true)
        if field.nullable { levels.encode(into: &body) }
        let encoding: ParquetEncoding
        if dictionaryActive {
            encoding = .rleDictionary
            let width = dictionaryBitWidth(dictionary.count)
            body.append(UInt8(width))
            indices.withUnsafeBufferPointer { RLEHybridEncoder.encode($0, bitWidth: width, into: &body) }
        } else {
            encoding = .plain
            body.append(contentsOf: plain)
        }
        var stats: ParquetStatistics?
        if context.options.pageStatistics {
            var s = ParquetStatistics()
            s.nullCount = Int64(levels.nullCount)
            s.minValue = pageMin
            s.maxValue = pageMax
            stats = s
        }
        do {
            try pages.addDataPage(body, rows: pageRows, encoding: encoding, statistics: stats)
        } catch {
            throw context.failure(error)
        }
        if let pageMin, chunkMin.map({ Self.lexicographicallyLess(pageMin, $0) }) ?? true { chunkMin = pageMin }
        if let pageMax, chunkMax.map({ Self.lexicographicallyLess($0, pageMax) }) ?? true { chunkMax = pageMax }
        chunkNulls += levels.nullCount
        chunkRows += pageRows
        levels.removeAll()
        indices.removeAll(keepingCapacity: true)
        plain.removeAll(keepingCapacity: true)
        pageRows = 0
        pageValueBytes = 0
        pageMin = nil
        pageMax = nil
        pageNumber &+= 1
    }

    private static func lexicographicallyLess(_ a: ContiguousArray<UInt8>, _ b: ContiguousArray<UInt8>) -> Bool {
        a.lexicographicallyPrecedes(b)
    }

    func flush(to sink: FileSink) throws -> FlushedChunk {
        try flushPage()
        var dictionaryPage: (bytes: ContiguousArray<UInt8>, uncompressed: Int)?
        if dictionary.count > 0 || pages.encodings.contains(ParquetEncoding.rleDictionary.rawValue) {
            do {
                dictionaryPage = try dictionary.plain.withUnsafeBytes { (raw) throws in
                    try pages.dictionaryPage(raw, entries: dictionary.count)
                }
            } catch {
                throw context.failure(error)
            }
        }
        var parquetStats = ParquetStatistics()
        parquetStats.nullCount = Int64(chunkNulls)
        parquetStats.minValue = chunkMin
        parquetStats.maxValue = chunkMax
        let start = sink.offset
        try writeChunk(sink, dictionary: dictionaryPage?.bytes, pages: pages)
        let metadata = chunkMetadata(context: context, type: .byteArray, pages: pages, dictionary: dictionaryPage,
                                     start: start, statistics: parquetStats)
        let stats = ColumnStatistics(min: chunkMin.map { .string(String(decoding: $0, as: UTF8.self)) },
                                     max: chunkMax.map { .string(String(decoding: $0, as: UTF8.self)) },
                                     nullCount: Int64(chunkNulls), valueCount: Int64(chunkRows))
        pages.reset()
        dictionary.removeAll()
        seenInPage.removeAll(keepingCapacity: true)
        dictionaryActive = context.options.dictionary
        chunkMin = nil
        chunkMax = nil
        chunkNulls = 0
        chunkRows = 0
        return FlushedChunk(metadata: metadata, statistics: stats)
    }
}
