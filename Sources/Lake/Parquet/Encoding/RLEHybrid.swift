/// The RLE / bit-packing hybrid used for definition levels, dictionary indices and
/// RLE booleans. A stream of runs, each led by a ULEB128 header:
///   header & 1 == 0: repeated run of `header >> 1` copies of one value stored in
///                    ceil(bitWidth / 8) little-endian bytes;
///   header & 1 == 1: `header >> 1` groups of 8 values bit-packed LSB first.
enum RLEHybridEncoder {
    /// Appends the encoding of `values` (each < 2^bitWidth) to `out`. Runs of 8 or
    /// more equal values become RLE runs; everything else is bit-packed in groups
    /// of 8 (the final group padded with zeros — readers know the value count).
    static func encode<T: FixedWidthInteger>(_ values: UnsafeBufferPointer<T>, bitWidth: Int,
                                             into out: inout RawBuffer<UInt8>) {
        let n = values.count
        var literalStart = 0
        var i = 0
        while i < n {
            let v = values[i]
            var j = i &+ 1
            while j < n, values[j] == v { j &+= 1 }
            if j - i >= 8 {
                // Literal runs hold whole groups of 8: borrow the first values of this
                // run to complete the pending group.
                let pending = i - literalStart
                let runStart = pending % 8 == 0 ? i : i + (8 - pending % 8)
                if runStart > literalStart {
                    bitPack(values, literalStart ..< runStart, bitWidth: bitWidth, into: &out)
                }
                if j - runStart >= 8 {
                    writeRepeated(UInt64(truncatingIfNeeded: v), count: j - runStart, bitWidth: bitWidth, into: &out)
                    literalStart = j
                } else {
                    literalStart = runStart
                }
            }
            i = j
        }
        if literalStart < n { bitPack(values, literalStart ..< n, bitWidth: bitWidth, into: &out) }
    }

    /// The encoding of `values` as a new array (tests, small inputs).
    static func encode<T: FixedWidthInteger>(_ values: [T], bitWidth: Int) -> ContiguousArray<UInt8> {
        var out = RawBuffer<UInt8>()
        defer { out.deallocate() }
        values.withUnsafeBufferPointer { encode($0, bitWidth: bitWidth, into: &out) }
        return ContiguousArray(out.buffer)
    }

    /// `count` repeats of one value.
    static func writeRepeated(_ value: UInt64, count: Int, bitWidth: Int, into out: inout RawBuffer<UInt8>) {
        writeVarint(UInt64(count) << 1, into: &out)
        var v = value
        for _ in 0 ..< (bitWidth + 7) / 8 {
            out.append(UInt8(truncatingIfNeeded: v))
            v >>= 8
        }
    }

    private static func bitPack<T: FixedWidthInteger>(_ values: UnsafeBufferPointer<T>, _ range: Range<Int>,
                                                      bitWidth: Int, into out: inout RawBuffer<UInt8>) {
        let groups = (range.count + 7) / 8
        writeVarint(UInt64(groups) << 1 | 1, into: &out)
        out.reserve(groups * bitWidth)
        var acc: UInt64 = 0
        var bits = 0
        for k in range {
            acc |= UInt64(truncatingIfNeeded: values[k]) << UInt64(bits)
            bits &+= bitWidth
            while bits >= 8 {
                out.appendUnchecked(UInt8(truncatingIfNeeded: acc))
                acc >>= 8
                bits &-= 8
            }
        }
        // Zero padding up to the group boundary.
        for _ in 0 ..< (groups * 8 - range.count) {
            bits &+= bitWidth
            while bits >= 8 {
                out.appendUnchecked(UInt8(truncatingIfNeeded: acc))
                acc >>= 8
                bits &-= 8
            }
        }
    }

    static func writeVarint(_ value: UInt64, into out: inout RawBuffer<UInt8>) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }
}

/// A failure inside a page's payload; the reader adds file, column and offset.
struct PageDecodingError: Error, Sendable {
    var message: String
    init(_ message: String) { self.message = message }
}

/// Decodes an RLE / bit-packed hybrid stream from `bytes` (valid for the decoder's
/// lifetime). Never reads outside `bytes`; a short stream throws.
struct RLEHybridDecoder {
    private let bytes: UnsafeRawBufferPointer
    private var position = 0
    private let bitWidth: Int
    // The run being consumed.
    private var repeatLeft = 0
    private var repeatValue: UInt64 = 0
    private var packedLeft = 0
    private var packedBitPosition = 0 // absolute bit offset into `bytes`

    init(_ bytes: UnsafeRawBufferPointer, bitWidth: Int) throws {
        guard (0 ... 32).contains(bitWidth) else { throw PageDecodingError("bit width \(bitWidth) out of range") }
        self.bytes = bytes
        self.bitWidth = bitWidth
    }

    /// Bytes consumed so far (up to the end of the current run).
    var consumed: Int { position }

    /// Fills `out[0..<count]`; values are truncated to `T` (callers pick a T wide
    /// enough for `bitWidth`).
    mutating func decode<T: FixedWidthInteger>(into out: UnsafeMutablePointer<T>, count: Int) throws {
        var done = 0
        while done < count {
            if repeatLeft > 0 {
                let n = min(repeatLeft, count - done)
                let v = T(truncatingIfNeeded: repeatValue)
                (out + done).update(repeating: v, count: n)
                repeatLeft -= n
                done += n
            } else if packedLeft > 0 {
                let n = min(packedLeft, count - done)
                try unpack(into: out + done, count: n)
                packedLeft -= n
                done += n
            } else {
                try nextRun()
            }
        }
    }

    private mutating func nextRun() throws {
        let header = try readVarint()
        if header & 1 == 0 {
            let count = header >> 1
            guard count > 0, count <= UInt64(Int32.max) else { throw PageDecodingError("bad RLE run length \(count)") }
            let width = (bitWidth + 7) / 8
            guard width <= bytes.count - position else { throw PageDecodingError("RLE run value past the end of its data") }
            var v: UInt64 = 0
            for k in 0 ..< width { v |= UInt64(bytes[position + k]) << UInt64(8 * k) }
            position += width
            repeatValue = v
            repeatLeft = Int(count)
        } else {
            let groups = header >> 1
            guard groups > 0, groups <= UInt64(Int32.max / 8) else { throw PageDecodingError("bad bit-packed run of \(groups) groups") }
            let values = Int(groups) * 8
            let runBytes = Int(groups) * bitWidth
            packedBitPosition = position * 8
            // A final run may be cut short after its last needed value (some writers
            // do); `unpack` checks every value read, so clamp instead of failing here.
            position += min(runBytes, bytes.count - position)
            packedLeft = values
        }
    }

    private mutating func unpack<T: FixedWidthInteger>(into out: UnsafeMutablePointer<T>, count: Int) throws {
        guard bitWidth > 0 else {
            out.update(repeating: 0, count: count)
            return
        }
        let endBit = packedBitPosition + count * bitWidth
        guard endBit <= bytes.count * 8 else { throw PageDecodingError("bit-packed run past the end of its data") }
        let mask: UInt64 = (1 << UInt64(bitWidth)) - 1
        var bit = packedBitPosition
        for k in 0 ..< count {
            // Gather up to 5 bytes covering this value (bitWidth ≤ 32).
            let byte = bit >> 3
            let shift = UInt64(bit & 7)
            let needed = (Int(shift) + bitWidth + 7) >> 3
            var word: UInt64 = 0
            for b in 0 ..< needed { word |= UInt64(bytes[byte + b]) << UInt64(8 * b) }
            out[k] = T(truncatingIfNeeded: (word >> shift) & mask)
            bit += bitWidth
        }
        packedBitPosition = bit
    }

    private mutating func readVarint() throws -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < bytes.count else { throw PageDecodingError("RLE stream ends inside a run header") }
            let b = bytes[position]
            position += 1
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            guard shift < 64 else { throw PageDecodingError("RLE run header too long") }
        }
    }
}
