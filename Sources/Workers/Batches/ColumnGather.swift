import Columns

/// Column-at-a-time row selection: one switch per column, then tight loops over buffers.
extension Column {
    /// The values at `rows`, in that order. A row of -1 yields NULL (outer-join padding).
    func gathered(_ rows: UnsafeBufferPointer<Int>) throws(OperatorError) -> Column {
        switch self {
        case let .text(c): .text(try c.gathered(rows))
        case let .int64(c): .int64(c.gathered(rows))
        case let .decimal(c): .decimal(c.gathered(rows))
        case let .int32(c): .int32(c.gathered(rows))
        case let .date(c): .date(c.gathered(rows))
        case let .double(c): .double(c.gathered(rows))
        case let .bool(c): .bool(c.gathered(rows))
        }
    }
}

extension FixedColumn {
    func gathered(_ rows: UnsafeBufferPointer<Int>) -> FixedColumn {
        var anyPadding = false
        let picked = ContiguousArray<Value>(unsafeUninitializedCapacity: rows.count) { out, initialized in
            values.withUnsafeBufferPointer { source in
                for (i, row) in rows.enumerated() {
                    if row < 0 {
                        anyPadding = true
                        out.initializeElement(at: i, to: 0)
                    } else {
                        out.initializeElement(at: i, to: source[row])
                    }
                }
            }
            initialized = rows.count
        }
        guard nulls != nil || anyPadding else { return FixedColumn(values: picked) }
        var mask = ContiguousArray<Bool>()
        mask.reserveCapacity(rows.count)
        if let nulls {
            for row in rows { mask.append(row < 0 || nulls[row]) }
        } else {
            for row in rows { mask.append(row < 0) }
        }
        return FixedColumn(values: picked, nulls: mask)
    }
}

extension ByteColumn {
    /// Values up to this long are gathered as one unaligned 16-byte load and store.
    static let wordCopyBytes = 16

    func gathered(_ rows: UnsafeBufferPointer<Int>) throws(OperatorError) -> ByteColumn {
        var total = 0
        offsets.withUnsafeBufferPointer { offs in
            for row in rows where row >= 0 { total += Int(offs[row + 1] - offs[row]) }
        }
        guard total <= Int(Int32.max) else { throw .textColumnTooLarge(context: "gather", bytes: total) }
        // Both buffers are sized up front and filled through raw pointers: per-value
        // appends cost a uniqueness check and a capacity check each.
        var result = ByteColumn()
        offsets.withUnsafeBufferPointer { offs in
            bytes.withUnsafeBytes { source in
                // 16 bytes of slack past the end: a short value is copied as one 16-byte
                // word (the bytes after it are overwritten by the next value or left
                // beyond `initialized`), not by a memmove call per value.
                result.bytes = ContiguousArray(unsafeUninitializedCapacity: total + Self.wordCopyBytes) { out, initialized in
                    guard let from = source.baseAddress, let to = out.baseAddress else {
                        initialized = 0
                        return
                    }
                    let wordSafeSourceEnd = source.count - Self.wordCopyBytes
                    var at = 0
                    for row in rows where row >= 0 {
                        let start = Int(offs[row]), length = Int(offs[row + 1]) - start
                        if length <= Self.wordCopyBytes, start <= wordSafeSourceEnd {
                            let word = from.loadUnaligned(fromByteOffset: start, as: SIMD16<UInt8>.self)
                            UnsafeMutableRawPointer(to).storeBytes(of: word, toByteOffset: at, as: SIMD16<UInt8>.self)
                        } else if length > 0 {
                            (to + at).initialize(from: from.assumingMemoryBound(to: UInt8.self) + start, count: length)
                        }
                        at += length
                    }
                    initialized = at
                }
                result.offsets = ContiguousArray(unsafeUninitializedCapacity: rows.count + 1) { out, initialized in
                    var end: Int32 = 0
                    out[0] = 0
                    for (i, row) in rows.enumerated() {
                        if row >= 0 { end += offs[row + 1] - offs[row] }
                        out[i + 1] = end
                    }
                    initialized = rows.count + 1
                }
            }
        }
        if let nulls {
            var mask = ContiguousArray<Bool>()
            mask.reserveCapacity(rows.count)
            for row in rows { mask.append(row < 0 || nulls[row]) }
            result.nulls = mask
        }
        // Without a mask, padded rows are empty and therefore NULL already.
        if let valueCodes, valueCodes.codes.count == count {
            // The codes travel with their rows (a sorted or partitioned join output).
            let codes = valueCodes.codes
            result.valueCodes = ValueCodes(space: valueCodes.space, codes: ContiguousArray(rows.lazy.map { $0 >= 0 ? codes[$0] : -1 }))
        }
        return result
    }
}
