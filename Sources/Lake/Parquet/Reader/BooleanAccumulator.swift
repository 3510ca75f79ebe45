import Columns

/// Collects BOOLEAN values (PLAIN bit-packed, or RLE with a length prefix as
/// data page v2 writers use) into a `FixedColumn<UInt8>` of 0/1.
struct BooleanAccumulator: ChunkAccumulator {
    private var values = ContiguousArray<UInt8>()
    private var nulls: ContiguousArray<Bool>?
    private let rows: Int
    private var scratch = ContiguousArray<UInt8>()

    init(rows: Int, reserve: Int) {
        self.rows = rows
        values.reserveCapacity(min(rows, reserve))
    }

    mutating func setDictionary(_ body: UnsafeRawBufferPointer, count: Int) throws {
        throw PageDecodingError("dictionary page in a BOOLEAN column")
    }

    mutating func appendPage(rows: Int, levels: UnsafeBufferPointer<UInt8>?, present: Int,
                             encoding: ParquetEncoding, values raw: UnsafeRawBufferPointer) throws {
        guard rows <= self.rows - values.count else { throw PageDecodingError("more values than the column chunk declares") }
        scratch.removeAll(keepingCapacity: true)
        switch encoding {
        case .plain:
            guard present <= raw.count * 8 else { throw PageDecodingError("BOOLEAN values past the end of the page") }
            for i in 0 ..< present { scratch.append((raw[i >> 3] >> UInt8(i & 7)) & 1) }
        case .rle:
            guard raw.count >= 4 else { throw PageDecodingError("RLE BOOLEAN page without a length") }
            let n = Int(raw.loadUnaligned(as: UInt32.self).littleEndian)
            guard n <= raw.count - 4 else { throw PageDecodingError("RLE BOOLEAN length past the end of the page") }
            var decoder = try RLEHybridDecoder(UnsafeRawBufferPointer(rebasing: raw[4 ..< 4 + n]), bitWidth: 1)
            scratch = ContiguousArray(repeating: 0, count: present)
            try scratch.withUnsafeMutableBufferPointer { p in
                guard let base = p.baseAddress else { return }
                try decoder.decode(into: base, count: present)
            }
        default:
            throw unsupportedEncoding(encoding)
        }
        guard scratch.count == present else { throw PageDecodingError("BOOLEAN page holds fewer values than its levels") }
        let start = values.count
        var j = 0
        for r in 0 ..< rows {
            if let levels, levels[r] == 0 {
                if nulls == nil { nulls = ContiguousArray(repeating: false, count: start) }
                values.append(0)
                continue
            }
            values.append(scratch[j] & 1)
            j += 1
        }
        if nulls != nil {
            if let levels { nulls?.append(contentsOf: levels.lazy.map { $0 == 0 }) }
            else { nulls?.append(contentsOf: repeatElement(false, count: rows)) }
        }
    }

    func finish() -> Column { .bool(FixedColumn(values: values, nulls: nulls)) }
}
