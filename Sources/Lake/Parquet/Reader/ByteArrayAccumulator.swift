import Columns

/// Collects BYTE_ARRAY values into a `ByteColumn`. NULLs become empty values; an
/// explicit NULL mask is kept only when an empty non-NULL string needs it.
///
/// While every page is dictionary-encoded (the usual chunk) only each row's dictionary
/// index is kept; `finish` sizes the column from the indices and expands the dictionary
/// once, straight into the column's arrays. PLAIN values (and a chunk's dictionary rows
/// once a PLAIN page shows up) go to raw buffers (no per-value copy-on-write checks),
/// copied into the column's arrays in `finish`.
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
    /// Rows so far (kept as `codes` only while `allCoded`, in `bytes`/`offsets`/`nulls` after).
    private var rowCount = 0

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
        // 16 bytes of padding: `finish` copies short values as one 16-byte word.
        dictionaryBody = ContiguousArray(body) + repeatElement(0, count: 16)
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
        guard rows <= capacity - rowCount else { throw PageDecodingError("more values than the column chunk declares") }
        defer { rowCount += rows }
        if allCoded, encoding == .rleDictionary || encoding == .plainDictionary {
            try appendCodes(rows: rows, levels: levels, present: present, values: raw)
            return
        }
        if allCoded { try expandCodes() }
        offsets.reserve(rows)
        nulls.reserve(rows)
        switch encoding {
        case .plain:
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
            defer { (self.bytes, self.offsets, self.nulls, self.hasEmptyValue) = (bytes, offsets, nulls, hasEmptyValue) }
            try dictionaryBody.withUnsafeBytes { dict in
                var j = 0
                for r in 0 ..< rows {
                    if let levels, levels[r] == 0 {
                        offsets.appendUnchecked(Int32(truncatingIfNeeded: bytes.count))
                        nulls.appendUnchecked(true)
                        continue
                    }
                    // Indices were checked against the dictionary, so it has entries
                    // and therefore storage.
                    guard let base = dict.baseAddress else { throw PageDecodingError("empty dictionary") }
                    let e = Int(indices[j])
                    j += 1
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

    /// A dictionary page's rows as codes: the dictionary index, -1 for NULL.
    private func appendCodes(rows: Int, levels: UnsafeBufferPointer<UInt8>?, present: Int, values raw: UnsafeRawBufferPointer) throws {
        guard hasDictionary else { throw PageDecodingError("dictionary-encoded page without a dictionary page") }
        try decodeDictionaryIndices(raw, count: present, dictionarySize: dictionaryStarts.count, into: &indices)
        var codes = self.codes
        defer { self.codes = codes }
        codes.reserve(rows)
        let indices = indices
        var j = 0
        for r in 0 ..< rows {
            if let levels, levels[r] == 0 {
                codes.appendUnchecked(-1)
                continue
            }
            guard j < indices.count else { throw PageDecodingError("fewer dictionary indices than values") }
            codes.appendUnchecked(Int32(truncatingIfNeeded: indices[j]))
            j += 1
        }
    }

    /// A PLAIN page after dictionary pages: the rows so far move from codes to the buffers.
    private func expandCodes() throws {
        allCoded = false
        guard !codes.isEmpty else { return }
        offsets.reserve(codes.count)
        nulls.reserve(codes.count)
        try dictionaryBody.withUnsafeBytes { dict in
            for code in codes.buffer {
                guard code >= 0, let base = dict.baseAddress else {
                    appendNull()
                    continue
                }
                try append(base + dictionaryStarts[Int(code)], dictionaryLengths[Int(code)])
            }
        }
        codes.removeAll()
    }

    func finish() throws -> Column {
        guard allCoded else {
            var column = ByteColumn()
            column.bytes = ContiguousArray(bytes.buffer)
            column.offsets = ContiguousArray(offsets.buffer)
            column.nulls = hasEmptyValue ? ContiguousArray(nulls.buffer) : nil
            return .text(column)
        }
        var column = try expandedColumn()
        if hasDictionary { column.valueCodes = ValueCodes(space: CodeSpace(), codes: ContiguousArray(codes.buffer)) }
        return .text(column)
    }

    /// The column of an all-dictionary chunk, from its codes: offsets first (they give the
    /// size), then each value copied once into its place (≤ 16 bytes as one word).
    private func expandedColumn() throws -> ByteColumn {
        let codes = codes.buffer, lengths = dictionaryLengths, starts = dictionaryStarts
        var emptyValue = false
        var overflow = false
        let offsets = ContiguousArray<Int32>(unsafeUninitializedCapacity: codes.count + 1) { offsets, initialized in
            var end = 0
            offsets[0] = 0
            for (row, code) in codes.enumerated() {
                if code >= 0 {
                    let n = lengths[Int(code)]
                    if n == 0 { emptyValue = true }
                    end += n
                    if end > Int(Int32.max) { overflow = true; break }
                }
                offsets[row + 1] = Int32(truncatingIfNeeded: end)
            }
            initialized = overflow ? 0 : codes.count + 1
        }
        guard !overflow else { throw PageDecodingError("column chunk holds more than 2 GiB of text (ByteColumn offsets are 32-bit)") }
        let total = Int(offsets[codes.count])
        var column = ByteColumn()
        column.bytes = ContiguousArray<UInt8>(unsafeUninitializedCapacity: total + 16) { bytes, initialized in
            guard let out = bytes.baseAddress else { return }
            dictionaryBody.withUnsafeBytes { dict in
                guard let base = dict.baseAddress else { return }
                for (row, code) in codes.enumerated() where code >= 0 {
                    let e = Int(code), n = lengths[e], at = Int(offsets[row])
                    if n <= 16 {
                        // The dictionary body has 16 bytes of padding and the column 16 of spare capacity.
                        UnsafeMutableRawPointer(out + at).storeBytes(of: base.loadUnaligned(fromByteOffset: starts[e], as: SIMD16<UInt8>.self),
                                                                     as: SIMD16<UInt8>.self)
                    } else {
                        UnsafeMutableRawPointer(out + at).copyMemory(from: base + starts[e], byteCount: n)
                    }
                }
            }
            initialized = total
        }
        column.offsets = offsets
        if emptyValue { column.nulls = ContiguousArray(codes.lazy.map { $0 < 0 }) }
        return column
    }
}
