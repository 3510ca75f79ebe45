import Columns

/// Collects INT32 / INT64 / DOUBLE / fixed-decimal values into a `FixedColumn`
/// (NULL slots hold 0). The output grows by decoded pages, so a footer that lies
/// about the row count cannot make it allocate for rows that do not exist.
struct FixedAccumulator<Out: FixedWidthInteger & Sendable>: ChunkAccumulator {
    let conversion: ValueConversion
    let wrap: (FixedColumn<Out>) -> Column
    private var values = ContiguousArray<Out>()
    private var nulls: ContiguousArray<Bool>?
    private let rows: Int
    private var dictionary = ContiguousArray<Out>()
    private var hasDictionary = false
    private var scratch = ContiguousArray<Out>()
    private var indices = ContiguousArray<UInt32>()

    init(rows: Int, reserve: Int, conversion: ValueConversion, wrap: @escaping (FixedColumn<Out>) -> Column) {
        self.conversion = conversion
        self.wrap = wrap
        self.rows = rows
        values.reserveCapacity(min(rows, reserve))
    }

    mutating func setDictionary(_ body: UnsafeRawBufferPointer, count: Int) throws {
        dictionary = try decodePlain(body, count: count)
        hasDictionary = true
    }

    mutating func appendPage(rows: Int, levels: UnsafeBufferPointer<UInt8>?, present: Int,
                             encoding: ParquetEncoding, values raw: UnsafeRawBufferPointer) throws {
        guard rows <= self.rows - values.count else { throw PageDecodingError("more values than the column chunk declares") }
        switch encoding {
        case .plain:
            scratch = try decodePlain(raw, count: present)
        case .rleDictionary, .plainDictionary:
            guard hasDictionary else { throw PageDecodingError("dictionary-encoded page without a dictionary page") }
            try decodeDictionaryIndices(raw, count: present, dictionarySize: dictionary.count, into: &indices)
            scratch.removeAll(keepingCapacity: true)
            scratch.reserveCapacity(present)
            dictionary.withUnsafeBufferPointer { dict in
                for i in indices { scratch.append(dict[Int(i)]) }
            }
        default:
            throw unsupportedEncoding(encoding)
        }
        let start = values.count
        if let levels, present < rows {
            values.reserveCapacity(start + rows)
            scratch.withUnsafeBufferPointer { src in
                var j = 0
                for r in 0 ..< rows {
                    if levels[r] != 0 {
                        values.append(src[j])
                        j += 1
                    } else {
                        values.append(0)
                    }
                }
            }
            if nulls == nil { nulls = ContiguousArray(repeating: false, count: start) }
            nulls?.append(contentsOf: levels.lazy.map { $0 == 0 })
        } else {
            values.append(contentsOf: scratch)
            nulls?.append(contentsOf: repeatElement(false, count: rows))
        }
    }

    func finish() -> Column { wrap(FixedColumn(values: values, nulls: nulls)) }

    /// `count` PLAIN values of the leaf's physical type, converted to `Out`.
    private func decodePlain(_ raw: UnsafeRawBufferPointer, count: Int) throws -> ContiguousArray<Out> {
        if case .byteArrayDecimal = conversion { return try decodeByteArrayDecimals(raw, count: count) }
        guard let width = conversion.plainWidth else { throw PageDecodingError("not a fixed-width column") }
        guard count <= raw.count / max(width, 1) else {
            throw PageDecodingError("\(count) values of \(width) bytes need more than the page's \(raw.count) bytes")
        }
        return ContiguousArray(unsafeUninitializedCapacity: count) { buffer, initialized in
            guard let out = buffer.baseAddress, let src = raw.baseAddress else { initialized = 0; return }
            switch conversion {
            case let .int32ToInt64(unsigned):
                for i in 0 ..< count {
                    let v = src.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self).littleEndian
                    out[i] = unsigned ? Out(truncatingIfNeeded: UInt64(v)) : Out(truncatingIfNeeded: Int32(bitPattern: v))
                }
            case let .fixedDecimal(width):
                for i in 0 ..< count {
                    out[i] = Out(truncatingIfNeeded: bigEndianSigned(src + i * width, width))
                }
            default:
                // Same width on both sides: little-endian files on little-endian hosts.
                UnsafeMutableRawPointer(out).copyMemory(from: src, byteCount: count * width)
                if Int(1).littleEndian != 1 {
                    for i in 0 ..< count { out[i] = Out(littleEndian: out[i]) }
                }
            }
            initialized = count
        }
    }

    private func decodeByteArrayDecimals(_ raw: UnsafeRawBufferPointer, count: Int) throws -> ContiguousArray<Out> {
        var out = ContiguousArray<Out>()
        out.reserveCapacity(min(count, raw.count / 4))
        var p = 0
        for _ in 0 ..< count {
            guard raw.count - p >= 4 else { throw PageDecodingError("BYTE_ARRAY value past the end of the page") }
            let n = Int(raw.loadUnaligned(fromByteOffset: p, as: UInt32.self).littleEndian)
            p += 4
            guard n <= raw.count - p, n <= 16, let base = raw.baseAddress else {
                throw PageDecodingError("decimal BYTE_ARRAY of \(n) bytes does not fit")
            }
            out.append(Out(truncatingIfNeeded: bigEndianSigned(base + p, n)))
            p += n
        }
        return out
    }
}

/// A big-endian two's complement integer of `width` bytes (≤ 16), truncated to its
/// low 64 bits (precision ≤ 18 guarantees the value fits).
func bigEndianSigned(_ p: UnsafeRawPointer, _ width: Int) -> Int64 {
    guard width > 0 else { return 0 }
    var v: UInt64 = p.load(as: UInt8.self) & 0x80 != 0 ? ~0 : 0
    for k in 0 ..< width { v = v << 8 | UInt64(p.load(fromByteOffset: k, as: UInt8.self)) }
    return Int64(bitPattern: v)
}
