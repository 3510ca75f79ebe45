import Columns

/// Collects BYTE_ARRAY values into a `ByteColumn`. NULLs become empty values; an
/// explicit NULL mask is kept only when an empty non-NULL string needs it. Values
/// go to raw buffers (no per-value copy-on-write checks) and are moved into the
/// column's arrays once, in `finish`.
final class ByteArrayAccumulator: ChunkAccumulator {
    private var bytes: RawBuffer<UInt8>
    private var offsets: RawBuffer<Int32>
    private var nulls: RawBuffer<Bool>
    private var hasEmptyValue = false
    private let capacity: Int
    // Dictionary entries as ranges into the dictionary page body.
    private var dictionaryBody = ContiguousArray<UInt8>()
    private var dictionaryStarts = ContiguousArray<Int>()
    private var dictionaryLengths = ContiguousArray<Int>()
    private var hasDictionary = false
    private var indices = ContiguousArray<UInt32>()
    /// Per row, its dictionary index (-1 for NULL) while every page so far was dictionary-
    /// encoded: attached to the column as `ValueCodes`, so an aggregation keyed by it resolves
    /// each distinct value once per batch instead of hashing every row.
    private var codes: RawBuffer<Int32>
    private var allCoded = true

    init(rows: Int, reserve: Int, byteHint: Int) {
        capacity = rows
        offsets = RawBuffer(capacity: min(rows, reserve) + 1)
        offsets.append(0)
        nulls = RawBuffer(capacity: min(rows, reserve))
        bytes = RawBuffer(capacity: max(16, byteHint))
        codes = RawBuffer(capacity: min(rows, reserve))
    }

    deinit {
        bytes.deallocate()
        offsets.deallocate()
        nulls.deallocate()
        codes.deallocate()
    }

    func setDictionary(_ body: UnsafeRawBufferPointer, count: Int) throws {
        dictionaryBody = ContiguousArray(body)
        dictionaryStarts.removeAll()
        dictionaryLengths.removeAll()
        var p = 0
        for _ in 0 ..< count {
            guard body.count - p >= 4 else { throw PageDecodingError("dictionary entry past the end of its page") }
            let n = Int(body.loadUnaligned(fromByteOffset: p, as: UInt32.self).littleEndian)
            p += 4
            guard n <= body.count - p else { throw PageDecodingError("dictionary entry of \(n) bytes past the end of its page") }
            dictionaryStarts.append(p)
            dictionaryLengths.append(n)
            p += n
        }
        hasDictionary = true
    }

    func appendPage(rows: Int, levels: UnsafeBufferPointer<UInt8>?, present: Int,
                    encoding: ParquetEncoding, values raw: UnsafeRawBufferPointer) throws {
        guard rows <= capacity - nulls.count else { throw PageDecodingError("more values than the column chunk declares") }
        offsets.reserve(rows)
        nulls.reserve(rows)
        switch encoding {
        case .plain:
            allCoded = false
            bytes.reserve(raw.count)
            var p = 0
            for r in 0 ..< rows {
                if let levels, levels[r] == 0 {
                    appendNull()
                    continue
                }
                guard raw.count - p >= 4, let source = raw.baseAddress else {
                    throw PageDecodingError("BYTE_ARRAY value past the end of the page")
                }
                let n = Int(source.loadUnaligned(fromByteOffset: p, as: UInt32.self).littleEndian)
                p += 4
                guard n <= raw.count - p else { throw PageDecodingError("BYTE_ARRAY value of \(n) bytes past the end of the page") }
                try append(source + p, n)
                p += n
            }
        case .rleDictionary, .plainDictionary:
            guard hasDictionary else { throw PageDecodingError("dictionary-encoded page without a dictionary page") }
            try decodeDictionaryIndices(raw, count: present, dictionarySize: dictionaryStarts.count, into: &indices)
            // The buffers and tables as locals in the per-row loop: stored properties of a
            // class cost a dynamic exclusivity check per access (9 % of a dictionary scan).
            let dictionaryBody = dictionaryBody, starts = dictionaryStarts, lengths = dictionaryLengths, indices = indices
            var bytes = self.bytes, offsets = self.offsets, nulls = self.nulls, hasEmptyValue = self.hasEmptyValue
            let coding = allCoded
            var codes = self.codes
            if coding { codes.reserve(rows) }
            defer {
                (self.bytes, self.offsets, self.nulls, self.hasEmptyValue) = (bytes, offsets, nulls, hasEmptyValue)
                self.codes = codes
            }
            try dictionaryBody.withUnsafeBytes { dict in
                var j = 0
                for r in 0 ..< rows {
                    if let levels, levels[r] == 0 {
                        offsets.appendUnchecked(Int32(truncatingIfNeeded: bytes.count))
                        nulls.appendUnchecked(true)
                        if coding { codes.appendUnchecked(-1) }
                        continue
                    }
                    // Indices were checked against the dictionary, so it has entries
                    // and therefore storage.
                    guard let base = dict.baseAddress else { throw PageDecodingError("empty dictionary") }
                    let e = Int(indices[j])
                    j += 1
                    if coding { codes.appendUnchecked(Int32(truncatingIfNeeded: e)) }
                    let n = lengths[e]
                    if n > 0 { bytes.appendBytes(base + starts[e], n) } else { hasEmptyValue = true }
                    guard bytes.count <= Int(Int32.max) else {
                        throw PageDecodingError("column chunk holds more than 2 GiB of text (ByteColumn offsets are 32-bit)")
                    }
                    offsets.appendUnchecked(Int32(truncatingIfNeeded: bytes.count))
                    nulls.appendUnchecked(false)
                }
            }
        default:
            throw unsupportedEncoding(encoding)
        }
    }

    @inline(__always)
    private func appendNull() {
        offsets.appendUnchecked(Int32(truncatingIfNeeded: bytes.count))
        nulls.appendUnchecked(true)
    }

    @inline(__always)
    private func append(_ p: UnsafeRawPointer, _ n: Int) throws {
        if n > 0 { bytes.appendBytes(p, n) } else { hasEmptyValue = true }
        guard bytes.count <= Int(Int32.max) else {
            throw PageDecodingError("column chunk holds more than 2 GiB of text (ByteColumn offsets are 32-bit)")
        }
        offsets.appendUnchecked(Int32(truncatingIfNeeded: bytes.count))
        nulls.appendUnchecked(false)
    }

    func finish() -> Column {
        var column = ByteColumn()
        column.bytes = ContiguousArray(bytes.buffer)
        column.offsets = ContiguousArray(offsets.buffer)
        column.nulls = hasEmptyValue ? ContiguousArray(nulls.buffer) : nil
        if allCoded, hasDictionary, codes.count == column.count {
            column.valueCodes = ValueCodes(space: CodeSpace(), codes: ContiguousArray(codes.buffer))
        }
        return .text(column)
    }
}
