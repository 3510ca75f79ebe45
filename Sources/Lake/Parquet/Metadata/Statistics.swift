/// Parquet's Statistics struct (per column chunk and per page). Values are
/// plain-encoded (byte arrays without their length prefix).
struct ParquetStatistics: Sendable, Equatable {
    /// Deprecated signed-order bounds; written for types whose order is signed.
    var max: ContiguousArray<UInt8>?
    var min: ContiguousArray<UInt8>?
    var nullCount: Int64?
    var distinctCount: Int64?
    var maxValue: ContiguousArray<UInt8>?
    var minValue: ContiguousArray<UInt8>?
    var isMaxValueExact: Bool?
    var isMinValueExact: Bool?
    var nanCount: Int64?

    init() {}

    func encode(to e: inout CompactEncoder) {
        if let max { e.field(1, binary: max) }
        if let min { e.field(2, binary: min) }
        if let nullCount { e.field(3, i64: nullCount) }
        if let distinctCount { e.field(4, i64: distinctCount) }
        if let maxValue { e.field(5, binary: maxValue) }
        if let minValue { e.field(6, binary: minValue) }
        if let isMaxValueExact { e.field(7, bool: isMaxValueExact) }
        if let isMinValueExact { e.field(8, bool: isMinValueExact) }
        if let nanCount { e.field(9, i64: nanCount) }
    }

    init(from d: inout CompactDecoder) throws {
        try d.readStruct { d, id, type in
            switch id {
            case 1: max = try d.readBinary(type)
            case 2: min = try d.readBinary(type)
            case 3: nullCount = try d.readI64(type)
            case 4: distinctCount = try d.readI64(type)
            case 5: maxValue = try d.readBinary(type)
            case 6: minValue = try d.readBinary(type)
            case 7: isMaxValueExact = try d.readBool(type)
            case 8: isMinValueExact = try d.readBool(type)
            case 9: nanCount = try d.readI64(type)
            default: try d.skip(type)
            }
        }
    }
}
