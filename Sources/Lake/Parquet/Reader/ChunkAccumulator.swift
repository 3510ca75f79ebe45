import Columns

/// Collects the decoded values of one column chunk, page by page, into the
/// engine's column buffers. Implementations throw `PageDecodingError` for any
/// payload that does not hold what its header claims.
protocol ChunkAccumulator {
    /// A dictionary page's PLAIN body of `count` entries.
    mutating func setDictionary(_ body: UnsafeRawBufferPointer, count: Int) throws
    /// A data page of `rows` rows: definition levels (nil when every row has a
    /// value), the number of non-NULL values, and their encoded bytes.
    mutating func appendPage(rows: Int, levels: UnsafeBufferPointer<UInt8>?, present: Int,
                             encoding: ParquetEncoding, values: UnsafeRawBufferPointer) throws
    func finish() throws -> Column
}

/// Decodes dictionary indices (bit width byte + RLE hybrid) and checks each
/// against the dictionary size.
func decodeDictionaryIndices(_ values: UnsafeRawBufferPointer, count: Int, dictionarySize: Int,
                             into indices: inout ContiguousArray<UInt32>) throws {
    indices.removeAll(keepingCapacity: true)
    guard count > 0 else { return }
    guard let width = values.first else { throw PageDecodingError("dictionary-encoded page without a bit width") }
    var decoder = try RLEHybridDecoder(UnsafeRawBufferPointer(rebasing: values.dropFirst()), bitWidth: Int(width))
    indices = ContiguousArray(unsafeUninitializedCapacity: count) { buffer, initialized in
        initialized = 0
        guard let base = buffer.baseAddress else { return }
        do {
            try decoder.decode(into: base, count: count)
            initialized = count
        } catch {}
    }
    guard indices.count == count else { throw PageDecodingError("dictionary indices end early") }
    let limit = UInt32(clamping: dictionarySize)
    var bad = false
    indices.withUnsafeBufferPointer { p in
        var maxIndex: UInt32 = 0
        for i in p { maxIndex = max(maxIndex, i) }
        bad = maxIndex >= limit
    }
    if bad { throw PageDecodingError("dictionary index out of range (dictionary has \(dictionarySize) entries)") }
}

/// Fails for value encodings the reader does not implement.
func unsupportedEncoding(_ encoding: ParquetEncoding) -> PageDecodingError {
    PageDecodingError("unsupported value encoding \(encoding) (PLAIN and dictionary encodings are supported)")
}
