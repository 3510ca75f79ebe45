/// Serialises Thrift structs in the compact protocol into a byte buffer.
///
/// Field ids are written as deltas from the previous field of the same struct, so
/// the encoder keeps the last id of every open struct on a small stack.
struct CompactEncoder {
    private(set) var bytes = ContiguousArray<UInt8>()
    private var lastFieldID: Int16 = 0
    private var enclosingFieldIDs: [Int16] = []

    init(capacity: Int = 256) { bytes.reserveCapacity(capacity) }

    // MARK: structs and fields

    /// Opens a nested struct (after its field header or as a list element).
    mutating func beginStruct() {
        enclosingFieldIDs.append(lastFieldID)
        lastFieldID = 0
    }

    mutating func endStruct() {
        bytes.append(CompactType.stop.rawValue)
        lastFieldID = enclosingFieldIDs.popLast() ?? 0
    }

    /// A field header: a one-byte delta when the id grows by 1...15, else the long form.
    mutating func fieldHeader(_ id: Int16, _ type: CompactType) {
        let delta = Int(id) - Int(lastFieldID)
        if delta > 0, delta <= 15 {
            bytes.append(UInt8(delta) << 4 | type.rawValue)
        } else {
            bytes.append(type.rawValue)
            writeVarint(zigzag(Int64(id)))
        }
        lastFieldID = id
    }

    // MARK: typed fields

    mutating func field(_ id: Int16, bool value: Bool) {
        fieldHeader(id, value ? .boolTrue : .boolFalse)
    }

    mutating func field(_ id: Int16, i32 value: Int32) {
        fieldHeader(id, .i32)
        writeVarint(zigzag(Int64(value)))
    }

    mutating func field(_ id: Int16, i64 value: Int64) {
        fieldHeader(id, .i64)
        writeVarint(zigzag(value))
    }

    mutating func field(_ id: Int16, i8 value: Int8) {
        fieldHeader(id, .byte)
        bytes.append(UInt8(bitPattern: value))
    }

    mutating func field(_ id: Int16, double value: Double) {
        fieldHeader(id, .double)
        var le = value.bitPattern.littleEndian
        withUnsafeBytes(of: &le) { bytes.append(contentsOf: $0) }
    }

    mutating func field(_ id: Int16, binary value: ContiguousArray<UInt8>) {
        fieldHeader(id, .binary)
        writeBinary(value)
    }

    mutating func field(_ id: Int16, string value: String) {
        fieldHeader(id, .binary)
        writeBinary(ContiguousArray(value.utf8))
    }

    /// A struct-valued field: `body` writes the nested fields.
    mutating func field(_ id: Int16, struct body: (inout CompactEncoder) -> Void) {
        fieldHeader(id, .struct)
        beginStruct()
        body(&self)
        endStruct()
    }

    /// An empty struct-valued field (Thrift's way of spelling a union arm without data).
    mutating func field(_ id: Int16, emptyStruct _: Void) {
        field(id, struct: { _ in })
    }

    // MARK: lists

    mutating func listHeader(_ elementType: CompactType, count: Int) {
        if count < 15 {
            bytes.append(UInt8(count) << 4 | elementType.rawValue)
        } else {
            bytes.append(0xF0 | elementType.rawValue)
            writeVarint(UInt64(count))
        }
    }

    mutating func field(_ id: Int16, i32List values: [Int32]) {
        fieldHeader(id, .list)
        listHeader(.i32, count: values.count)
        for v in values { writeVarint(zigzag(Int64(v))) }
    }

    mutating func field(_ id: Int16, stringList values: [String]) {
        fieldHeader(id, .list)
        listHeader(.binary, count: values.count)
        for v in values { writeBinary(ContiguousArray(v.utf8)) }
    }

    /// A list of structs: `element` writes the fields of one element.
    mutating func field<T>(_ id: Int16, structList values: [T], element: (inout CompactEncoder, T) -> Void) {
        fieldHeader(id, .list)
        listHeader(.struct, count: values.count)
        for v in values {
            beginStruct()
            element(&self, v)
            endStruct()
        }
    }

    // MARK: primitives

    mutating func writeVarint(_ value: UInt64) {
        var v = value
        while v >= 0x80 {
            bytes.append(UInt8(truncatingIfNeeded: v) | 0x80)
            v >>= 7
        }
        bytes.append(UInt8(v))
    }

    mutating func writeBinary(_ value: ContiguousArray<UInt8>) {
        writeVarint(UInt64(value.count))
        bytes.append(contentsOf: value)
    }

    @inline(__always) func zigzag(_ v: Int64) -> UInt64 {
        UInt64(bitPattern: (v << 1) ^ (v >> 63))
    }
}
