/// A typed bound from Parquet statistics. Decimals are unscaled (`int64`, the scale
/// is in the column type), dates are days since the epoch (`int32`).
public enum StatisticsValue: Sendable, Hashable, CustomStringConvertible {
    case int64(Int64)
    case int32(Int32)
    case string(String)
    case double(Double)
    case bool(Bool)

    public var description: String {
        switch self {
        case let .int64(v): String(v)
        case let .int32(v): String(v)
        case let .string(v): v
        case let .double(v): String(v)
        case let .bool(v): String(v)
        }
    }

    /// Compares two bounds of the same kind in Parquet's column order (signed
    /// integers, IEEE doubles, unsigned UTF-8 bytes for strings). Integers of both
    /// widths compare with each other. nil when the kinds differ or a double is NaN.
    public func compare(_ other: StatisticsValue) -> ComparisonResult? {
        func order<T: Comparable>(_ a: T, _ b: T) -> ComparisonResult {
            a < b ? .less : (a == b ? .equal : .greater)
        }
        switch (self, other) {
        case let (.int64(a), .int64(b)): return order(a, b)
        case let (.int32(a), .int32(b)): return order(a, b)
        case let (.int64(a), .int32(b)): return order(a, Int64(b))
        case let (.int32(a), .int64(b)): return order(Int64(a), b)
        case let (.double(a), .double(b)): return a.isNaN || b.isNaN ? nil : order(a, b)
        case let (.bool(a), .bool(b)): return order(a ? 1 : 0, b ? 1 : 0)
        case let (.string(a), .string(b)):
            if a.utf8.elementsEqual(b.utf8) { return .equal }
            return a.utf8.lexicographicallyPrecedes(b.utf8) ? .less : .greater
        default: return nil
        }
    }

    public enum ComparisonResult: Sendable, Equatable { case less, equal, greater }
}

/// Per-column statistics of a column chunk or a whole file: bounds over the
/// non-NULL values (nil when there are none or they are unknown) and the NULL count.
public struct ColumnStatistics: Sendable, Hashable {
    public var min: StatisticsValue?
    public var max: StatisticsValue?
    /// nil when the file does not record it.
    public var nullCount: Int64?
    /// Values including NULLs (the row count for flat columns).
    public var valueCount: Int64

    public init(min: StatisticsValue? = nil, max: StatisticsValue? = nil, nullCount: Int64? = 0, valueCount: Int64 = 0) {
        self.min = min
        self.max = max
        self.nullCount = nullCount
        self.valueCount = valueCount
    }

    /// Statistics covering both inputs (e.g. the row groups of a file).
    public func merged(with other: ColumnStatistics) -> ColumnStatistics {
        var out = ColumnStatistics(valueCount: valueCount + other.valueCount)
        if let a = nullCount, let b = other.nullCount { out.nullCount = a + b } else { out.nullCount = nil }
        // An unknown bound on a side with values makes the merged bound unknown.
        let selfHasValues = valueCount > (nullCount ?? 0) || nullCount == nil
        let otherHasValues = other.valueCount > (other.nullCount ?? 0) || other.nullCount == nil
        out.min = Self.pick(min, selfHasValues, other.min, otherHasValues, keepLess: true)
        out.max = Self.pick(max, selfHasValues, other.max, otherHasValues, keepLess: false)
        return out
    }

    private static func pick(_ a: StatisticsValue?, _ aHasValues: Bool, _ b: StatisticsValue?, _ bHasValues: Bool,
                             keepLess: Bool) -> StatisticsValue? {
        switch (a, b) {
        case let (a?, b?):
            guard let c = a.compare(b) else { return nil }
            return (c == .less) == keepLess || c == .equal ? a : b
        case let (a?, nil): return bHasValues ? nil : a
        case let (nil, b?): return aHasValues ? nil : b
        case (nil, nil): return nil
        }
    }
}
