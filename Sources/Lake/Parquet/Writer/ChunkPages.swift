/// The pages of one column chunk while its row group is open: compresses each page
/// as it is finished and keeps only the compressed bytes (headers included), so a
/// row group costs its compressed size in memory.
final class ChunkPages {
    private let compressor: PageCompressor
    /// Data pages (header + body each), in order, in segments of a few MiB so
    /// that growing never copies what is already there.
    private var segments: [ContiguousArray<UInt8>] = []
    private static let segmentBytes = 4 << 20 // largest segment
    private(set) var compressedBytes = 0
    private(set) var uncompressedBytes = 0
    private(set) var valueCount: Int64 = 0
    private(set) var encodings: Set<Int32> = []

    init(compressor: PageCompressor) {
        self.compressor = compressor
    }

    var codec: CompressionCodec { compressor.codec }

    func reset() {
        // Nothing is kept for the next chunk: a writer with many open files (one per
        // partition) would otherwise hold a segment per column per file while idle.
        segments = []
        compressedBytes = 0
        uncompressedBytes = 0
        valueCount = 0
        encodings = []
    }

    /// Writes the data pages to `sink`.
    func write(to sink: FileSink) throws {
        for segment in segments where !segment.isEmpty { try sink.write(segment) }
    }

    private func append(_ bytes: UnsafeRawBufferPointer) {
        if segments.isEmpty || segments[segments.count - 1].count + bytes.count > Self.segmentBytes,
           segments.last?.isEmpty != true {
            // Segments grow with the chunk (64 KiB, then its size so far, up to 4 MiB),
            // so a small chunk costs little and a large one wastes at most a third.
            var fresh = ContiguousArray<UInt8>()
            fresh.reserveCapacity(max(bytes.count, min(Self.segmentBytes, max(64 << 10, compressedBytes))))
            segments.append(fresh)
        }
        segments[segments.count - 1].append(contentsOf: bytes)
        compressedBytes += bytes.count
    }

    /// Appends a v1 data page of `rows` values (NULLs included) with `body`
    /// = definition levels + encoded values.
    func addDataPage(_ raw: UnsafeRawBufferPointer, rows: Int, encoding: ParquetEncoding,
                     statistics: ParquetStatistics?) throws {
        let compressed = try compressor.compress(raw)
        var header = PageHeader(type: .dataPage, uncompressedPageSize: try size32(raw.count),
                                compressedPageSize: try size32(compressed.count))
        header.dataPageHeader = DataPageHeader(numValues: Int32(clamping: rows), encoding: encoding, statistics: statistics)
        var e = CompactEncoder()
        e.beginStruct()
        header.encode(to: &e)
        e.endStruct()
        e.bytes.withUnsafeBytes { append($0) }
        append(compressed)
        uncompressedBytes += e.bytes.count + raw.count
        valueCount += Int64(rows)
        encodings.insert(encoding.rawValue)
    }

    /// The dictionary page (header + compressed PLAIN body), made when the chunk ends.
    func dictionaryPage(_ body: UnsafeRawBufferPointer, entries: Int) throws -> (bytes: ContiguousArray<UInt8>, uncompressed: Int) {
        let compressed = try compressor.compress(body)
        var header = PageHeader(type: .dictionaryPage, uncompressedPageSize: try size32(body.count),
                                compressedPageSize: try size32(compressed.count))
        header.dictionaryPageHeader = DictionaryPageHeader(numValues: Int32(clamping: entries), encoding: .plain)
        var e = CompactEncoder()
        e.beginStruct()
        header.encode(to: &e)
        e.endStruct()
        var out = e.bytes
        out.append(contentsOf: compressed)
        return (out, e.bytes.count + body.count)
    }

    private func size32(_ n: Int) throws -> Int32 {
        guard let v = Int32(exactly: n) else { throw PageDecodingError("page of \(n) bytes exceeds Parquet's 2 GiB page limit") }
        return v
    }
}
