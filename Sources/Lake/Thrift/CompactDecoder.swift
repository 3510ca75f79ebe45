/// Reads Thrift compact-protocol structs from a byte buffer without trusting it:
/// every read is bounds-checked, lengths and counts are checked against the bytes
/// left, nesting is limited, and failures throw with the byte offset.
///
/// Unknown fields are skipped, so metadata written by newer or other writers
/// (pyarrow, Spark, DuckDB add fields we do not model) decodes.
struct CompactDecoder {
    let bytes: ContiguousArray<UInt8>
    private(set) var position: Int
    let end: Int
    /// Added to positions in error messages (the buffer's offset in its file).
    let baseOffset: Int
    private var depth = 0
    private static let maxDepth = 64

    /// Decodes `bytes[start..<end]`; `baseOffset` is the file offset of `bytes[0]`.
    init(_ bytes: ContiguousArray<UInt8>, start: Int = 0, end: Int? = nil, baseOffset: Int = 0) {
        self.bytes = bytes
        let e = min(end ?? bytes.count, bytes.count)
        self.end = max(e, 0)
        self.position = min(max(start, 0), self.end)
        self.baseOffset = baseOffset
    }

    var remaining: Int { end - position }

    func error(_ message: String, at pos: Int? = nil) -> ThriftDecodingError {
        ThriftDecodingError(offset: baseOffset + (pos ?? position), message: message)
    }

    // MARK: structs

    /// Reads one struct, calling `field` for every field; the callback must consume
    /// the field's value (a typed read, or `skip(type)`).
    mutating func readStruct(_ field: (inout CompactDecoder, Int16, CompactType) throws -> Void) throws {
        guard depth < Self.maxDepth else { throw error("structs nested too deeply") }
        depth += 1
        defer { depth -= 1 }
        var lastID: Int16 = 0
        while true {
            let headerPos = position
            let byte = try readByte()
            guard let type = CompactType(rawValue: byte & 0x0F) else {
                throw error("unknown field type \(byte & 0x0F)", at: headerPos)
            }
            if type == .stop { return }
            let delta = byte >> 4
            let id: Int16
            if delta != 0 {
                let (sum, overflow) = lastID.addingReportingOverflow(Int16(delta))
                guard !overflow else { throw error("field id overflows", at: headerPos) }
                id = sum
            } else {
                let raw = try readZigzag()
                guard let v = Int16(exactly: raw) else { throw error("field id \(raw) out of range", at: headerPos) }
                id = v
            }
            lastID = id
            try field(&self, id, type)
        }
    }

    // MARK: typed values (each checks the wire type it was given)

    mutating func readBool(_ type: CompactType) throws -> Bool {
        switch type {
        case .boolTrue: return true
        case .boolFalse: return false
        default: throw error("expected a bool field, found \(type)")
        }
    }

    mutating func readI32(_ type: CompactType) throws -> Int32 {
        let pos = position
        let v: Int64
        switch type {
        case .i32, .i16: v = try readZigzag()
        case .byte: v = Int64(Int8(bitPattern: try readByte()))
        default: throw error("expected an i32 field, found \(type)")
        }
        guard let w = Int32(exactly: v) else { throw error("i32 value \(v) out of range", at: pos) }
        return w
    }

    mutating func readI64(_ type: CompactType) throws -> Int64 {
        switch type {
        case .i64, .i32, .i16: return try readZigzag()
        case .byte: return Int64(Int8(bitPattern: try readByte()))
        default: throw error("expected an i64 field, found \(type)")
        }
    }

    mutating func readI8(_ type: CompactType) throws -> Int8 {
        switch type {
        case .byte: return Int8(bitPattern: try readByte())
        case .i16, .i32:
            let pos = position
            let v = try readZigzag()
            guard let w = Int8(exactly: v) else { throw error("i8 value \(v) out of range", at: pos) }
            return w
        default: throw error("expected a byte field, found \(type)")
        }
    }

    mutating func readBinary(_ type: CompactType) throws -> ContiguousArray<UInt8> {
        guard type == .binary else { throw error("expected a binary field, found \(type)") }
        return try readBinaryValue()
    }

    mutating func readString(_ type: CompactType) throws -> String {
        String(decoding: try readBinary(type), as: UTF8.self)
    }

    /// A list header; `count` is checked against the bytes left (every element takes
    /// at least one byte), so a corrupt count cannot cause a huge allocation.
    mutating func readListHeader(_ type: CompactType) throws -> (element: CompactType, count: Int) {
        guard type == .list || type == .set else { throw error("expected a list field, found \(type)") }
        let pos = position
        let byte = try readByte()
        guard let element = CompactType(rawValue: byte & 0x0F), element != .stop else {
            throw error("unknown list element type \(byte & 0x0F)", at: pos)
        }
        var count = Int(byte >> 4)
        if count == 15 {
            let raw = try readVarint()
            guard raw <= UInt64(Int32.max) else { throw error("list size \(raw) too large", at: pos) }
            count = Int(raw)
        }
        guard count <= remaining else { throw error("list of \(count) elements exceeds the \(remaining) bytes left", at: pos) }
        return (element, count)
    }

    mutating func readList<T>(_ type: CompactType, _ element: (inout CompactDecoder, CompactType) throws -> T) throws -> [T] {
        let (elementType, count) = try readListHeader(type)
        var out: [T] = []
        out.reserveCapacity(count)
        for _ in 0 ..< count { out.append(try element(&self, elementType)) }
        return out
    }

    /// A list of structs; `element` reads one struct's fields.
    mutating func readStructList<T>(_ type: CompactType, _ element: (inout CompactDecoder) throws -> T) throws -> [T] {
        try readList(type) { d, elementType in
            guard elementType == .struct else { throw d.error("expected a list of structs, found \(elementType)") }
            return try element(&d)
        }
    }

    /// A list element of a bool list is one byte (1 = true; 0 or 2 = false).
    mutating func readBoolElement() throws -> Bool { try readByte() == 1 }

    // MARK: skipping

    /// Skips a value of `type`. Bools in lists occupy a byte; in field headers none.
    mutating func skip(_ type: CompactType, inList: Bool = false) throws {
        switch type {
        case .stop: throw error("unexpected stop")
        case .boolTrue, .boolFalse: if inList { _ = try readByte() }
        case .byte: _ = try readByte()
        case .i16, .i32, .i64: _ = try readVarint()
        case .double: try advance(8)
        case .binary:
            let pos = position
            let n = try readVarint()
            guard n <= UInt64(remaining) else { throw error("binary of \(n) bytes exceeds the \(remaining) bytes left", at: pos) }
            try advance(Int(n))
        case .list, .set:
            let (element, count) = try readListHeader(type)
            try nested { d in for _ in 0 ..< count { try d.skip(element, inList: true) } }
        case .map:
            let pos = position
            let n = try readVarint()
            guard n <= UInt64(remaining) else { throw error("map of \(n) entries exceeds the bytes left", at: pos) }
            guard n > 0 else { return }
            let kinds = try readByte()
            guard let key = CompactType(rawValue: kinds >> 4), let value = CompactType(rawValue: kinds & 0x0F),
                  key != .stop, value != .stop
            else { throw error("unknown map key/value types \(kinds)", at: pos) }
            try nested { d in
                for _ in 0 ..< Int(n) {
                    try d.skip(key, inList: true)
                    try d.skip(value, inList: true)
                }
            }
        case .struct:
            try readStruct { d, _, fieldType in try d.skip(fieldType) }
        }
    }

    private mutating func nested(_ body: (inout CompactDecoder) throws -> Void) throws {
        guard depth < Self.maxDepth else { throw error("values nested too deeply") }
        depth += 1
        defer { depth -= 1 }
        try body(&self)
    }

    // MARK: primitives

    mutating func readByte() throws -> UInt8 {
        guard position < end else { throw error("unexpected end of data") }
        let b = bytes[position]
        position += 1
        return b
    }

    mutating func advance(_ n: Int) throws {
        guard n >= 0, n <= remaining else { throw error("unexpected end of data (need \(n) bytes, \(remaining) left)") }
        position += n
    }

    mutating func readVarint() throws -> UInt64 {
        let start = position
        var result: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            let b = try readByte()
            if shift == 63, b > 1 { throw error("varint overflows 64 bits", at: start) }
            result |= UInt64(b & 0x7F) << shift
            if b & 0x80 == 0 { return result }
            shift += 7
            guard shift <= 63 else { throw error("varint longer than 10 bytes", at: start) }
        }
    }

    mutating func readZigzag() throws -> Int64 {
        let u = try readVarint()
        return Int64(bitPattern: u >> 1) ^ -Int64(bitPattern: u & 1)
    }

    mutating func readBinaryValue() throws -> ContiguousArray<UInt8> {
        let pos = position
        let n = try readVarint()
        guard n <= UInt64(remaining) else { throw error("binary of \(n) bytes exceeds the \(remaining) bytes left", at: pos) }
        let start = position
        position += Int(n)
        return ContiguousArray(bytes[start ..< position])
    }
}
