#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Columns

/// Writes STRING (BYTE_ARRAY, UTF8) and BINARY (BYTE_ARRAY) column chunks straight
/// from `ByteColumn` buffers. Dictionary-encoded while the dictionary fits its limits,
/// PLAIN after. Bounds are compared in place (unsigned bytes) and copied once per
/// segment; long ones are truncated when written. A STRING value that is not valid
/// UTF-8 is refused (every other engine rejects such a file): checked once per new
/// dictionary entry, or per value on PLAIN pages.
final class ByteArrayColumnWriter: ColumnChunkWriter {
    private let context: ColumnWriterContext
    private let pages: ChunkPages
    private var dictionary: ByteArrayDictionary
    /// Entries of values already in `dictionary`, by their `ValueCodes` code.
    private var codeEntries = CodeEntryCache()
    private var dictionaryActive: Bool
    private let pageBytes: Int
    private let pageRowLimit: Int
    /// STRING columns hold UTF-8 text only; BINARY columns any bytes.
    private let validatesUTF8: Bool
    private let statisticsLimit: Int

    // The page being filled.
    private var levels = PageLevels()
    private var indices = RawBuffer<UInt32>(capacity: 1 << 12)
    private var plain = RawBuffer<UInt8>(capacity: 1 << 16)
    private var pageRows = 0
    private var pageValueBytes = 0
    private var pageMin: ContiguousArray<UInt8>?
    private var pageMax: ContiguousArray<UInt8>?
    /// Per dictionary entry, the last page that compared it against the bounds.
    private var seenInPage = RawBuffer<UInt32>(capacity: 1 << 10)
    private var pageNumber: UInt32 = 1
    private var body = RawBuffer<UInt8>(capacity: 1 << 16)
    /// Hashes of the block of values being probed while the dictionary misses the cache.
    private var blockHashes = ContiguousArray<UInt64>(repeating: 0, count: ByteArrayColumnWriter.prefetchBlock)
    private static let prefetchBlock = 32

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
        validatesUTF8 = context.field.type == .text
        statisticsLimit = options.statisticsTruncateLength
    }

    deinit {
        levels.deallocate()
        indices.deallocate()
        plain.deallocate()
        seenInPage.deallocate()
        body.deallocate()
    }

    var bufferedBytes: Int { pages.uncompressedBytes + pageValueBytes + dictionary.plain.count }

    func append(_ column: Column, rows: Range<Int>) throws {
        guard case let .text(text) = column else {
            throw context.error("batch column does not match the field's type \(field.type)")
        }
        guard rows.lowerBound >= 0, rows.upperBound <= text.count else { throw context.error("row range out of bounds") }
        // A column of only empty values may have no storage; give it one byte.
        let storage = text.bytes.isEmpty ? [0] : text.bytes
        let valueCodes = text.valueCodes.flatMap { $0.codes.count == text.count ? $0 : nil }
        if let valueCodes, codeEntries.space != valueCodes.space.id { codeEntries.reset(space: valueCodes.space.id) }
        try storage.withUnsafeBytes { bytes in
            try text.offsets.withUnsafeBufferPointer { offsets in
                try withOptionalBuffer(valueCodes?.codes) { codes in
                    guard let base = bytes.baseAddress else { throw context.error("column has no storage") }
                    var row = rows.lowerBound
                    if let nulls = text.nulls {
                        try nulls.withUnsafeBufferPointer { mask in
                            while row < rows.upperBound {
                                row = try segment(base, bytes.count, offsets, mask, codes, row ..< rows.upperBound)
                            }
                        }
                    } else {
                        while row < rows.upperBound {
                            row = try segment(base, bytes.count, offsets, nil, codes, row ..< rows.upperBound)
                        }
                    }
                }
            }
        }
    }

    /// Hashes the values of `rows` into `hashes`. A row with bad offsets gets hash 0: the
    /// encoding loop reports it when it gets there.
    private func hashBlock(_ base: UnsafeRawPointer, _ byteCount: Int, _ offsets: UnsafeBufferPointer<Int32>, _ rows: Range<Int>,
                           _ hashes: inout ContiguousArray<UInt64>) {
        for row in rows {
            let start = Int(offsets[row]), end = Int(offsets[row &+ 1])
            hashes[row &- rows.lowerBound] = start >= 0 && start <= end && end <= byteCount
                ? ByteArrayDictionary.hash(base + start, count: end &- start) : 0
        }
    }

    private func withOptionalBuffer<R>(_ array: ContiguousArray<Int32>?,
                                       _ body: (UnsafeBufferPointer<Int32>?) throws -> R) rethrows -> R {
        guard let array else { return try body(nil) }
        return try array.withUnsafeBufferPointer { try body($0) }
    }

    private enum Stop { case end, pageFull, dictionaryFull }

    /// Encodes rows of `range` until it ends, the page fills or the dictionary
    /// overflows; returns the first row not encoded. The page buffers live in
    /// locals during the loop (no per-value property access).
    private func segment(_ base: UnsafeRawPointer, _ byteCount: Int, _ offsets: UnsafeBufferPointer<Int32>,
                         _ nulls: UnsafeBufferPointer<Bool>?, _ codes: UnsafeBufferPointer<Int32>?,
                         _ range: Range<Int>) throws -> Int {
        var levelBuffer = levels.levels
        var nullCount = levels.nullCount
        var indices = self.indices
        var plain = self.plain
        var seen = seenInPage
        var pageRows = self.pageRows
        var pageValueBytes = self.pageValueBytes
        // The dictionary too: each access to a class's stored property pays a dynamic
        // exclusivity check (the largest share of that cost in a checked build), a local none.
        var dictionary = ByteArrayDictionary.placeholder
        swap(&dictionary, &self.dictionary)
        var cache = CodeEntryCache()
        swap(&cache, &codeEntries)
        let page = pageNumber
        let nullable = field.nullable
        let useDictionary = dictionaryActive
        let validates = validatesUTF8
        // Bounds of this segment's values, pointing into the column (no copies).
        var low: UnsafeRawPointer?
        var lowCount = 0
        var high: UnsafeRawPointer?
        var highCount = 0
        var stop = Stop.end
        var row = range.lowerBound
        // The last dictionary value seen in this segment, to skip hashing a repeat.
        var repeatPointer: UnsafeRawPointer?
        var repeatCount = -1
        var repeatIndex: UInt32 = 0
        // While the dictionary is larger than the caches, values are hashed a block ahead
        // and their probes' loads prefetched together (`ByteArrayDictionary.prefetch`): from
        // one miss after another per value to overlapping ones.
        var hashes = ContiguousArray<UInt64>()
        swap(&hashes, &blockHashes)
        var blockStart = row, blockEnd = row
        defer {
            swap(&hashes, &blockHashes)
            levels.levels = levelBuffer
            levels.nullCount = nullCount
            self.indices = indices
            self.plain = plain
            seenInPage = seen
            self.pageRows = pageRows
            self.pageValueBytes = pageValueBytes
            swap(&dictionary, &self.dictionary)
            swap(&cache, &codeEntries)
        }
        if nullable { levelBuffer.reserve(range.count) }
        while row < range.upperBound {
            let start = Int(offsets[row])
            let end = Int(offsets[row &+ 1])
            guard start >= 0, start <= end, end <= byteCount else { throw context.error("corrupt offsets at row \(row)") }
            let isNull = if let nulls { nulls[row] } else { start == end }
            if isNull {
                guard nullable else { throw context.nullInRequired(row: row) }
                levelBuffer.appendUnchecked(0)
                nullCount &+= 1
            } else {
                let p = base + start
                let n = end &- start
                var compare = true
                if useDictionary, let codes, let index = cache.entry(codes[row]), dictionary.holds(index, p, count: n) {
                    // A value whose code has its entry already (a dimension value again):
                    // one comparison instead of hashing and probing.
                    indices.append(index)
                    let i = Int(index)
                    compare = seen[i] != page
                    seen[i] = page
                } else if useDictionary, n == repeatCount, let r = repeatPointer,
                   ByteEquality.equal(UnsafeRawBufferPointer(start: r, count: n), UnsafeRawBufferPointer(start: p, count: n)) {
                    // The previous value again (runs are common in sorted tables): same
                    // entry, already checked and compared against this page's bounds.
                    indices.append(repeatIndex)
                    compare = false
                } else if useDictionary {
                    let hash: UInt64
                    if dictionary.missesCache {
                        if row >= blockEnd {
                            blockStart = row
                            blockEnd = min(range.upperBound, row &+ hashes.count)
                            hashBlock(base, byteCount, offsets, blockStart ..< blockEnd, &hashes)
                            hashes.withUnsafeBufferPointer { dictionary.prefetch(UnsafeBufferPointer(rebasing: $0[..<(blockEnd &- blockStart)])) }
                        }
                        hash = hashes[row &- blockStart]
                    } else {
                        hash = ByteArrayDictionary.hash(p, count: n)
                    }
                    guard let index = dictionary.index(of: p, count: n, hash: hash) else {
                        stop = .dictionaryFull
                        break
                    }
                    if let codes { cache.set(codes[row], index) }
                    indices.append(index)
                    let i = Int(index)
                    if i == seen.count {
                        // A new entry: the only time this value's bytes need checking.
                        if validates { try checkUTF8(p, n, row: row) }
                        seen.append(0)
                    }
                    compare = seen[i] != page
                    seen[i] = page
                    repeatPointer = p
                    repeatCount = n
                    repeatIndex = index
                } else {
                    if validates { try checkUTF8(p, n, row: row) }
                    plain.appendLength(n)
                    plain.appendBytes(p, n)
                }
                if compare {
                    if let l = low {
                        if ByteArrayOrder.compare(p, n, l, lowCount) < 0 { low = p; lowCount = n }
                    } else {
                        low = p
                        lowCount = n
                    }
                    if let h = high {
                        if ByteArrayOrder.compare(p, n, h, highCount) > 0 { high = p; highCount = n }
                    } else {
                        high = p
                        highCount = n
                    }
                }
                if nullable { levelBuffer.appendUnchecked(1) }
                pageValueBytes &+= n &+ 4
            }
            pageRows &+= 1
            row &+= 1
            if pageValueBytes >= pageBytes || pageRows >= pageRowLimit {
                stop = .pageFull
                break
            }
        }
        if let low { mergeMin(low, lowCount) }
        if let high { mergeMax(high, highCount) }
        switch stop {
        case .end: break
        case .pageFull:
            try writeBack { try flushPage() }
        case .dictionaryFull:
            // Close the page before the value that did not fit; the rest of the
            // chunk is PLAIN.
            try writeBack { try flushPage() }
            dictionaryActive = false
        }
        return row

        /// Runs `body` with the locals stored back and reloads them after.
        func writeBack(_ body: () throws -> Void) throws {
            levels.levels = levelBuffer
            levels.nullCount = nullCount
            self.indices = indices
            self.plain = plain
            seenInPage = seen
            self.pageRows = pageRows
            self.pageValueBytes = pageValueBytes
            swap(&dictionary, &self.dictionary)
            defer { swap(&dictionary, &self.dictionary) }
            try body()
            levelBuffer = levels.levels
            nullCount = levels.nullCount
            indices = self.indices
            plain = self.plain
            seen = seenInPage
            pageRows = self.pageRows
            pageValueBytes = self.pageValueBytes
        }
    }

    @inline(__always)
    private func checkUTF8(_ p: UnsafeRawPointer, _ n: Int, row: Int) throws {
        guard let offset = UTF8Validation.firstInvalidOffset(p, n) else { return }
        throw context.error("the value at row \(row) is not valid UTF-8 (byte \(offset) of \(n)); "
            + "a STRING column holds text only (store raw bytes in a BINARY column)")
    }

    private func mergeMin(_ p: UnsafeRawPointer, _ n: Int) {
        if let current = pageMin {
            let keep = current.withUnsafeBytes { c in c.baseAddress.map { ByteArrayOrder.compare($0, c.count, p, n) <= 0 } ?? (n >= 0 && c.isEmpty) }
            if keep { return }
        }
        pageMin = ContiguousArray(UnsafeRawBufferPointer(start: p, count: n))
    }

    private func mergeMax(_ p: UnsafeRawPointer, _ n: Int) {
        if let current = pageMax {
            let keep = current.withUnsafeBytes { c in c.baseAddress.map { ByteArrayOrder.compare($0, c.count, p, n) >= 0 } ?? (n == 0) }
            if keep { return }
        }
        pageMax = ContiguousArray(UnsafeRawBufferPointer(start: p, count: n))
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
        var stats: ParquetStatistics?
        if context.options.pageStatistics {
            stats = StatisticsTruncation.statistics(min: pageMin, max: pageMax, nullCount: levels.nullCount,
                                                    limit: statisticsLimit, utf8: validatesUTF8)
        }
        do {
            try pages.addDataPage(body.rawBytes, rows: pageRows, encoding: encoding, statistics: stats)
        } catch {
            throw context.failure(error)
        }
        if let pageMin, chunkMin.map({ pageMin.lexicographicallyPrecedes($0) }) ?? true { chunkMin = pageMin }
        if let pageMax, chunkMax.map({ $0.lexicographicallyPrecedes(pageMax) }) ?? true { chunkMax = pageMax }
        chunkNulls += levels.nullCount
        chunkRows += pageRows
        levels.removeAll()
        indices.removeAll()
        plain.removeAll()
        pageRows = 0
        pageValueBytes = 0
        pageMin = nil
        pageMax = nil
        pageNumber &+= 1
    }

    /// The closed chunk's dictionary page (header + compressed body).
    private var dictionaryPage: (bytes: ContiguousArray<UInt8>, uncompressed: Int)?

    func close() throws {
        try flushPage()
        dictionaryPage = nil
        if dictionary.count > 0 || pages.encodings.contains(ParquetEncoding.rleDictionary.rawValue) {
            do {
                dictionaryPage = try dictionary.plain.withUnsafeBytes { raw in
                    try pages.dictionaryPage(raw, entries: dictionary.count)
                }
            } catch {
                throw context.failure(error)
            }
        }
    }

    func write(to sink: FileSink) throws -> FlushedChunk {
        let parquetStats = StatisticsTruncation.statistics(min: chunkMin, max: chunkMax, nullCount: chunkNulls,
                                                           limit: statisticsLimit, utf8: validatesUTF8)
        let start = sink.offset
        try writeChunk(sink, dictionary: dictionaryPage?.bytes, pages: pages)
        let metadata = chunkMetadata(context: context, type: .byteArray, pages: pages, dictionary: dictionaryPage,
                                     start: start, statistics: parquetStats)
        // The bounds the footer holds (truncated ones included); none for BINARY, which
        // has no `StatisticsValue` kind. STRING bounds were checked to be UTF-8.
        func text(_ bound: ContiguousArray<UInt8>?) -> StatisticsValue? {
            guard validatesUTF8, let bound, let string = String(validating: bound, as: UTF8.self) else { return nil }
            return .string(string)
        }
        let stats = ColumnStatistics(min: text(parquetStats.minValue), max: text(parquetStats.maxValue),
                                     nullCount: Int64(chunkNulls), valueCount: Int64(chunkRows))
        pages.reset()
        dictionaryPage = nil
        dictionary.removeAll()
        codeEntries.reset()
        seenInPage.removeAll()
        dictionaryActive = context.options.dictionary
        chunkMin = nil
        chunkMax = nil
        chunkNulls = 0
        chunkRows = 0
        return FlushedChunk(metadata: metadata, statistics: stats)
    }
}
