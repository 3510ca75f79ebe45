/// Level and value encodings of an uncompressed v1 data page: RLE/bit-packed
/// hybrid levels with a 4-byte length prefix, PLAIN values.
enum CheckpointPageCodec {
    struct Failure: Error, Equatable, Sendable {
        var reason: String
    }

    static func bitWidth(_ maxLevel: Int) -> Int {
        var width = 0
        while (1 << width) <= maxLevel { width += 1 }
        return width
    }

    // MARK: levels

    /// Length-prefixed RLE runs; bit-packing buys nothing for the short, run-heavy
    /// level streams of a checkpoint.
    static func encodeLevels(_ levels: [UInt8], maxLevel: Int, into out: inout [UInt8]) {
        let byteWidth = (bitWidth(maxLevel) + 7) / 8
        var body: [UInt8] = []
        var i = 0
        while i < levels.count {
            var j = i + 1
            while j < levels.count, levels[j] == levels[i] { j += 1 }
            appendVarint(UInt64(j - i) << 1, to: &body)
            if byteWidth > 0 { body.append(levels[i]) }
            i = j
        }
        appendLE(UInt32(body.count), to: &out)
        out += body
    }

    /// Decodes `count` levels at `offset`, advancing it past the length-prefixed block.
    static func decodeLevels(_ bytes: [UInt8], offset: inout Int, end: Int, count: Int, maxLevel: Int) throws(Failure) -> [UInt8] {
        let length = Int(try readLE32(bytes, at: offset, end: end))
        let start = offset + 4
        guard length >= 0, start + length <= end else { throw Failure(reason: "level block overruns the page") }
        offset = start + length
        let width = bitWidth(maxLevel)
        let byteWidth = (width + 7) / 8
        var levels: [UInt8] = []
        levels.reserveCapacity(count)
        var at = start
        let blockEnd = start + length
        while levels.count < count {
            let header = try readVarint(bytes, at: &at, end: blockEnd)
            if header & 1 == 0 {
                let run = Int(clamping: header >> 1)
                var value: UInt64 = 0
                for k in 0..<byteWidth {
                    guard at < blockEnd else { throw Failure(reason: "truncated RLE run") }
                    value |= UInt64(bytes[at]) << (8 * k)
                    at += 1
                }
                guard value <= UInt64(maxLevel) else { throw Failure(reason: "level \(value) above maximum \(maxLevel)") }
                guard run <= count - levels.count else { throw Failure(reason: "RLE run longer than the page") }
                levels += repeatElement(UInt8(value), count: run)
            } else {
                // Bit-packed groups of 8 values, LSB first.
                let groups = Int(clamping: header >> 1)
                guard groups <= (blockEnd - at) else { throw Failure(reason: "truncated bit-packed run") }
                let total = groups * 8
                let byteCount = (total * width + 7) / 8
                guard at + byteCount <= blockEnd else { throw Failure(reason: "truncated bit-packed run") }
                for k in 0..<total where levels.count < count {
                    var value = 0
                    for b in 0..<width {
                        let bit = k * width + b
                        if bytes[at + bit / 8] >> (bit % 8) & 1 == 1 { value |= 1 << b }
                    }
                    guard value <= maxLevel else { throw Failure(reason: "level \(value) above maximum \(maxLevel)") }
                    levels.append(UInt8(value))
                }
                at += byteCount
            }
        }
        return levels
    }

    // MARK: PLAIN values

    static func encodeValues(_ values: [CheckpointValue], leaf: CheckpointNode.Leaf, into out: inout [UInt8]) {
        switch leaf {
        case .bool:
            var byte: UInt8 = 0
            var bits = 0
            for value in values {
                if case .bool(true) = value { byte |= 1 << bits }
                bits += 1
                if bits == 8 { out.append(byte); byte = 0; bits = 0 }
            }
            if bits > 0 { out.append(byte) }
        case .int32:
            for case let .int32(v) in values { appendLE(UInt32(bitPattern: v), to: &out) }
        case .int64:
            for case let .int64(v) in values { appendLE(UInt64(bitPattern: v), to: &out) }
        case .string:
            for case let .string(s) in values {
                let utf8 = Array(s.utf8)
                appendLE(UInt32(utf8.count), to: &out)
                out += utf8
            }
        }
    }

    static func decodeValues(_ bytes: [UInt8], offset: Int, end: Int, count: Int, leaf: CheckpointNode.Leaf) throws(Failure) -> [CheckpointValue] {
        guard offset >= 0, offset <= end, end <= bytes.count, count >= 0 else { throw Failure(reason: "value block outside the page") }
        var out: [CheckpointValue] = []
        out.reserveCapacity(min(count, end - offset + 1))
        var at = offset
        switch leaf {
        case .bool:
            guard at + (count + 7) / 8 <= end else { throw Failure(reason: "truncated boolean values") }
            for i in 0..<count { out.append(.bool(bytes[at + i / 8] >> (i % 8) & 1 == 1)) }
        case .int32:
            guard count <= (end - at) / 4 else { throw Failure(reason: "truncated int32 values") }
            for _ in 0..<count {
                out.append(.int32(Int32(bitPattern: try readLE32(bytes, at: at, end: end))))
                at += 4
            }
        case .int64:
            guard count <= (end - at) / 8 else { throw Failure(reason: "truncated int64 values") }
            for _ in 0..<count {
                var v: UInt64 = 0
                for k in 0..<8 { v |= UInt64(bytes[at + k]) << (8 * k) }
                out.append(.int64(Int64(bitPattern: v)))
                at += 8
            }
        case .string:
            for _ in 0..<count {
                let length = Int(try readLE32(bytes, at: at, end: end))
                at += 4
                guard length <= end - at else { throw Failure(reason: "truncated string value") }
                out.append(.string(String(decoding: bytes[at..<(at + length)], as: UTF8.self)))
                at += length
            }
        }
        return out
    }

    // MARK: primitives

    static func appendVarint(_ value: UInt64, to out: inout [UInt8]) {
        var v = value
        while v >= 0x80 {
            out.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        out.append(UInt8(v))
    }

    static func appendLE<T: FixedWidthInteger>(_ value: T, to out: inout [UInt8]) {
        var v = value.littleEndian
        withUnsafeBytes(of: &v) { out.append(contentsOf: $0) }
    }

    static func readLE32(_ bytes: [UInt8], at offset: Int, end: Int) throws(Failure) -> UInt32 {
        guard offset >= 0, offset + 4 <= end, end <= bytes.count else { throw Failure(reason: "truncated 4-byte integer") }
        return UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8 | UInt32(bytes[offset + 2]) << 16
            | UInt32(bytes[offset + 3]) << 24
    }

    static func readVarint(_ bytes: [UInt8], at offset: inout Int, end: Int) throws(Failure) -> UInt64 {
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard offset < end, offset < bytes.count else { throw Failure(reason: "truncated varint") }
            let b = bytes[offset]
            offset += 1
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            guard shift < 64 else { throw Failure(reason: "varint too long") }
        }
    }
}
