import Columns

/// Running bounds of fixed-width values in Parquet's order for the type.
struct FixedBounds<Value: FixedWidthInteger> {
    var min: Value = 0
    var max: Value = 0
    var hasValue = false
    var nanCount = 0

    mutating func merge(_ other: FixedBounds<Value>, less: (Value, Value) -> Bool) {
        nanCount += other.nanCount
        guard other.hasValue else { return }
        if !hasValue {
            min = other.min
            max = other.max
            hasValue = true
            return
        }
        if less(other.min, min) { min = other.min }
        if less(max, other.max) { max = other.max }
    }
}

/// A fixed-width physical value: how it is ordered for statistics and how a bound
/// is plain-encoded and reported. Int32 and Int64 are signed integers; UInt64
/// carries a DOUBLE by bit pattern.
protocol FixedValueKind: FixedWidthInteger, Sendable {
    static var physicalType: PhysicalType { get }
    static func less(_ a: Self, _ b: Self) -> Bool
    /// Folds the non-NULL values of `values[range]` into `bounds`.
    static func accumulate(_ values: UnsafeBufferPointer<Self>, nulls: UnsafeBufferPointer<Bool>?,
                           _ range: Range<Int>, into bounds: inout FixedBounds<Self>)
    static func encodeMin(_ v: Self) -> ContiguousArray<UInt8>
    static func encodeMax(_ v: Self) -> ContiguousArray<UInt8>
    static func reported(_ v: Self, _ type: ColumnType) -> StatisticsValue
    static var countsNaN: Bool { get }
}

extension FixedValueKind {
    static func littleEndianBytes(_ v: Self) -> ContiguousArray<UInt8> {
        var le = v.littleEndian
        return withUnsafeBytes(of: &le) { ContiguousArray($0) }
    }
}

extension FixedValueKind where Self: SignedInteger {
    static func less(_ a: Self, _ b: Self) -> Bool { a < b }
    static var countsNaN: Bool { false }
    static func encodeMin(_ v: Self) -> ContiguousArray<UInt8> { littleEndianBytes(v) }
    static func encodeMax(_ v: Self) -> ContiguousArray<UInt8> { littleEndianBytes(v) }
    static func reported(_ v: Self, _ type: ColumnType) -> StatisticsValue { statisticsValue(Int64(v), type) }

    static func accumulate(_ values: UnsafeBufferPointer<Self>, nulls: UnsafeBufferPointer<Bool>?,
                           _ range: Range<Int>, into bounds: inout FixedBounds<Self>) {
        guard !range.isEmpty else { return }
        var lo = Self.max, hi = Self.min, any = false
        if let nulls {
            for i in range where !nulls[i] {
                let v = values[i]
                lo = Swift.min(lo, v)
                hi = Swift.max(hi, v)
                any = true
            }
        } else {
            // No branches on data: the loop vectorises.
            for i in range {
                let v = values[i]
                lo = Swift.min(lo, v)
                hi = Swift.max(hi, v)
            }
            any = true
        }
        guard any else { return }
        bounds.merge(FixedBounds(min: lo, max: hi, hasValue: true), less: less)
    }
}

extension Int32: FixedValueKind {
    static var physicalType: PhysicalType { .int32 }
}

extension Int64: FixedValueKind {
    static var physicalType: PhysicalType { .int64 }
}

/// DOUBLE by bit pattern. Bounds skip NaN (counted instead); a zero minimum is
/// written as -0.0 and a zero maximum as +0.0, as the format asks.
extension UInt64: FixedValueKind {
    static var physicalType: PhysicalType { .double }
    static var countsNaN: Bool { true }

    static func less(_ a: UInt64, _ b: UInt64) -> Bool {
        Double(bitPattern: a) < Double(bitPattern: b)
    }

    static func encodeMin(_ v: UInt64) -> ContiguousArray<UInt8> {
        let d = Double(bitPattern: v)
        return littleEndianBytes(d == 0 ? (-0.0 as Double).bitPattern : v)
    }

    static func encodeMax(_ v: UInt64) -> ContiguousArray<UInt8> {
        let d = Double(bitPattern: v)
        return littleEndianBytes(d == 0 ? (0.0 as Double).bitPattern : v)
    }

    static func reported(_ v: UInt64, _ type: ColumnType) -> StatisticsValue { .double(Double(bitPattern: v)) }

    static func accumulate(_ values: UnsafeBufferPointer<UInt64>, nulls: UnsafeBufferPointer<Bool>?,
                           _ range: Range<Int>, into bounds: inout FixedBounds<UInt64>) {
        var lo = Double.infinity, hi = -Double.infinity, any = false, nans = 0
        for i in range {
            if let nulls, nulls[i] { continue }
            let d = Double(bitPattern: values[i])
            if d.isNaN { nans += 1; continue }
            if d < lo || (d == lo && d.sign == .minus) { lo = d }
            if d > hi || (d == hi && d.sign == .plus) { hi = d }
            any = true
        }
        var block = FixedBounds<UInt64>(min: lo.bitPattern, max: hi.bitPattern, hasValue: any, nanCount: nans)
        if !any { block.min = 0; block.max = 0 }
        bounds.merge(block, less: less)
    }
}

extension FixedBounds where Value: FixedValueKind {
    /// The Parquet Statistics for these bounds and `nullCount`.
    func parquet(nullCount: Int) -> ParquetStatistics {
        var s = ParquetStatistics()
        s.nullCount = Int64(nullCount)
        if Value.countsNaN { s.nanCount = Int64(nanCount) }
        if hasValue {
            s.minValue = Value.encodeMin(min)
            s.maxValue = Value.encodeMax(max)
            // Signed order is the deprecated fields' order too.
            s.min = s.minValue
            s.max = s.maxValue
        }
        return s
    }
}
