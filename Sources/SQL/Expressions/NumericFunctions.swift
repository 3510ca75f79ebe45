import Columns

/// abs and round (HALF_UP, as Spark's round).
enum NumericFunctions {
    static func abs(_ c: Column, type: ColumnType, text: String) throws -> Column {
        switch c {
        case let .int64(v), let .decimal(v):
            var values = v.values
            for i in values.indices where values[i] < 0 {
                guard values[i] != Int64.min else { throw SQLError("arithmetic overflow in \(text)") }
                values[i] = -values[i]
            }
            return type == .int64 ? .int64(FixedColumn(values: values, nulls: v.nulls)) : .decimal(FixedColumn(values: values, nulls: v.nulls))
        case let .int32(v):
            var values = v.values
            for i in values.indices where values[i] < 0 {
                guard values[i] != Int32.min else { throw SQLError("arithmetic overflow in \(text)") }
                values[i] = -values[i]
            }
            return .int32(FixedColumn(values: values, nulls: v.nulls))
        case let .double(v):
            return .double(FixedColumn(values: ContiguousArray(v.values.lazy.map { Swift.abs(Double(bitPattern: $0)).bitPattern }), nulls: v.nulls))
        default:
            throw SQLError("abs needs a number in \(text)")
        }
    }

    /// `round(x, d)` with a constant d: decimals to scale d (result type from the binder; for
    /// d < 0 a digits argument comes and the result has scale 0), doubles to d places,
    /// integers unchanged for d >= 0.
    static func round(_ c: Column, type: ColumnType, digits: Column?, result: ColumnType, text: String) throws -> Column {
        switch (type, result) {
        case let (.decimal(_, s), .decimal(p, target)):
            let v = try ColumnAccess.int64(c)
            // d < 0: round at scale d, then back up to the result's scale 0.
            let d = try digits.flatMap { try ColumnAccess.int64($0).value(0) }.map { Int(min(0, $0)) } ?? target
            var values = ContiguousArray<Int64>(repeating: 0, count: v.count)
            for i in values.indices where !v.isNull(i) {
                // Round at `d` digits, then keep the result's scale.
                guard let atD = ColumnAccess.rescale(Int128(v.values[i]), by: d - s),
                      let rounded = ColumnAccess.rescale(atD, by: target - d),
                      let fitted = ColumnAccess.fits(rounded, precision: p) else { throw SQLError("arithmetic overflow in \(text)") }
                values[i] = fitted
            }
            return .decimal(FixedColumn(values: values, nulls: v.nulls))
        case (.double, _):
            let v = try ColumnAccess.double(c)
            var d: Int64 = 0
            if let digits, let first = try ColumnAccess.int64(digits).value(0) { d = first }
            let factor = pow10(Double(d))
            return .double(FixedColumn(values: ContiguousArray(v.values.lazy.map {
                (Double(bitPattern: $0) * factor).rounded(.toNearestOrAwayFromZero) / factor
            }.map(\.bitPattern)), nulls: v.nulls))
        default:
            return c
        }
    }

    private static func pow10(_ d: Double) -> Double {
        var r = 1.0
        let n = Int(Swift.max(-30, Swift.min(30, d)))
        for _ in 0 ..< Swift.abs(n) { r *= 10 }
        return n < 0 ? 1 / r : r
    }
}
