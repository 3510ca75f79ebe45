/// Turns a chunk's Parquet statistics into typed `ColumnStatistics` for its leaf.
/// Bounds whose encoding does not match the type are dropped (never guessed).
enum StatisticsDecoding {
    static func decode(_ s: ParquetStatistics?, leaf: LeafColumn, valueCount: Int64) -> ColumnStatistics {
        var out = ColumnStatistics(nullCount: s?.nullCount, valueCount: valueCount)
        guard let s else { return out }
        // min_value/max_value follow the column order; the deprecated min/max are
        // signed, which is the same order only for numbers and booleans.
        let signedOrderIsTypeOrder: Bool
        switch leaf.conversion {
        case .bytes, .fixedDecimal, .byteArrayDecimal: signedOrderIsTypeOrder = false
        default: signedOrderIsTypeOrder = true
        }
        let minBytes = s.minValue ?? (signedOrderIsTypeOrder ? s.min : nil)
        let maxBytes = s.maxValue ?? (signedOrderIsTypeOrder ? s.max : nil)
        out.min = minBytes.flatMap { value($0, leaf) }
        out.max = maxBytes.flatMap { value($0, leaf) }
        return out
    }

    static func value(_ bytes: ContiguousArray<UInt8>, _ leaf: LeafColumn) -> StatisticsValue? {
        func le<T: FixedWidthInteger>(_: T.Type) -> T? {
            guard bytes.count == MemoryLayout<T>.size else { return nil }
            return bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(as: T.self)) }
        }
        switch leaf.conversion {
        case .bytes:
            // BINARY bounds have no `StatisticsValue` kind.
            guard leaf.field.type == .text else { return nil }
            return String(validating: bytes, as: UTF8.self).map { .string($0) }
        case .int32:
            if leaf.field.type == .date { return le(Int32.self).map { .int32($0) } }
            return le(Int32.self).map { .int32($0) }
        case .int64:
            return le(Int64.self).map { .int64($0) }
        case let .int32ToInt64(unsigned):
            guard let v = le(UInt32.self) else { return nil }
            return .int64(unsigned ? Int64(v) : Int64(Int32(bitPattern: v)))
        case .double:
            guard let bits = le(UInt64.self) else { return nil }
            let d = Double(bitPattern: bits)
            return d.isNaN ? nil : .double(d)
        case .boolean:
            guard bytes.count == 1 else { return nil }
            return .bool(bytes[0] != 0)
        case .fixedDecimal, .byteArrayDecimal:
            guard (1 ... 16).contains(bytes.count) else { return nil }
            return bytes.withUnsafeBytes { raw in raw.baseAddress.map { .int64(bigEndianSigned($0, raw.count)) } }
        }
    }
}
