import Partition

/// Collects BYTE_ARRAY values into a `ByteColumn`. NULLs become empty values; an
/// explicit NULL mask is kept only when an empty non-NULL string needs it.
struct ByteArrayAccumulator: ChunkAccumulator {
    private var bytes = ContiguousArray<UInt8>()
    private var offsets = ContiguousArray<Int32>()
    private var nulls = ContiguousArray<Bool>()
    private var hasEmptyValue = false
    private var capacity: Int
    // Dictionary entries as ranges into the dictionary page body.
    private var dictionaryBody = ContiguousArray<UInt8>()
    private var dictionaryStarts = ContiguousArray<Int>()
    private var dictionaryLengths = ContiguousArray<Int>()
    private var hasDictionary = false
    private var indices = ContiguousArray<UInt32>()

    init(rows: Int, reserve: Int, byteHint: Int) {
        capacity = rows
        offsets.reserveCapacity(min(rows, reserve) + 1)
        offsets.append(0)
        nulls.reserveCapacity(min(rows, reserve))
        bytes.reserveCapacity(max(0, byteHint))
    }

    mutating func setDictionary(_ body: UnsafeRawBufferPointer, count: Int) throws {
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

    mutating func appendPage(rows: Int, levels: UnsafeBufferPointer<UInt8>?, present: Int,
                             encoding: ParquetEncoding, values raw: UnsafeRawBufferPointer) throws {
        guard rows <= capacity - nulls.count else { throw PageDecodingError("more values than the column chunk declares") }
        switch encoding {
        case .plain:
            var p = 0
            for r in 0 ..< rows {
                if let levels, levels[r] == 0 {
                    appendNull()
                    continue
                }
                guard raw.count - p >= 4 else { throw PageDecodingError("BYTE_ARRAY value past the end of the page") }
                let n = Int(raw.loadUnaligned(fromByteOffset: p, as: UInt32.self).littleEndian)
                p += 4
                guard n <= raw.count - p else { throw PageDecodingError("BYTE_ARRAY value of \(n) bytes past the end of the page") }
                try append(UnsafeRawBufferPointer(rebasing: raw[p ..< p + n]))
                p += n
            }
        case .rleDictionary, .plainDictionary:
            guard hasDictionary else { throw PageDecodingError("dictionary-encoded page without a dictionary page") }
            try decodeDictionaryIndices(raw, count: present, dictionarySize: dictionaryStarts.count, into: &indices)
            let dictionaryBody = dictionaryBody
            try dictionaryBody.withUnsafeBytes { dict in
                var j = 0
                for r in 0 ..< rows {
                    if let levels, levels[r] == 0 {
                        appendNull()
                        continue
                    }
                    let e = Int(indices[j])
                    j += 1
                    let s = dictionaryStarts[e]
                    try append(UnsafeRawBufferPointer(rebasing: dict[s ..< s + dictionaryLengths[e]]))
                }
            }
        default:
            throw unsupportedEncoding(encoding)
        }
    }

    private mutating func appendNull() {
        offsets.append(Int32(truncatingIfNeeded: bytes.count))
        nulls.append(true)
    }

    private mutating func append(_ value: UnsafeRawBufferPointer) throws {
        bytes.append(contentsOf: value)
        guard bytes.count <= Int(Int32.max) else {
            throw PageDecodingError("column chunk holds more than 2 GiB of text (ByteColumn offsets are 32-bit)")
        }
        offsets.append(Int32(truncatingIfNeeded: bytes.count))
        nulls.append(false)
        if value.isEmpty { hasEmptyValue = true }
    }

    func finish() -> Column {
        var column = ByteColumn()
        column.bytes = bytes
        column.offsets = offsets
        column.nulls = hasEmptyValue ? nulls : nil
        return .text(column)
    }
}
