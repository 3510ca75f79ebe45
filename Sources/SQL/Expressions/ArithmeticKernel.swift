import Columns

/// `+ - * / % div` over two columns whose types the binder settled: both BIGINT, both
/// DOUBLE, or decimals (any scales; the result type's scale is what is produced).
/// Overflow is an error naming the expression; division by zero gives NULL (Spark
/// without ANSI mode, and DuckDB).
enum ArithmeticKernel {
    static func evaluate(_ op: ArithmeticOperator, _ l: Column, _ lt: ColumnType, _ r: Column, _ rt: ColumnType,
                         result: ColumnType, text: String) throws -> Column {
        let overflow = SQLError("arithmetic overflow in \(text) (result type \(result))")
        switch result {
        case .double:
            let a = try doubles(l, lt), b = try doubles(r, rt)
            var nulls = ColumnFactory.union(a.nulls, b.nulls)
            var values = ContiguousArray<UInt64>(repeating: 0, count: a.values.count)
            for i in values.indices {
                let x = a.values[i], y = b.values[i]
                let v: Double
                switch op {
                case .add: v = x + y
                case .subtract: v = x - y
                case .multiply: v = x * y
                case .divide, .modulo:
                    if y == 0 {
                        if nulls == nil { nulls = ContiguousArray(repeating: false, count: values.count) }
                        nulls?[i] = true
                        continue
                    }
                    v = op == .divide ? x / y : x.truncatingRemainder(dividingBy: y)
                case .integerDivide: v = (x / y).rounded(.towardZero)
                }
                values[i] = v.bitPattern
            }
            return .double(FixedColumn(values: values, nulls: nulls))
        case .int64 where op != .integerDivide || (TypeRules.isIntegral(lt) && TypeRules.isIntegral(rt)):
            let a = try ColumnAccess.int64(l), b = try ColumnAccess.int64(r)
            var nulls = ColumnFactory.union(a.nulls, b.nulls)
            var values = ContiguousArray<Int64>(repeating: 0, count: a.values.count)
            try a.values.withUnsafeBufferPointer { x in
                try b.values.withUnsafeBufferPointer { y in
                    for i in 0 ..< x.count {
                        let (v, o): (Int64, Bool)
                        switch op {
                        case .add: (v, o) = x[i].addingReportingOverflow(y[i])
                        case .subtract: (v, o) = x[i].subtractingReportingOverflow(y[i])
                        case .multiply: (v, o) = x[i].multipliedReportingOverflow(by: y[i])
                        case .divide, .integerDivide, .modulo:
                            if y[i] == 0 {
                                if nulls == nil { nulls = ContiguousArray(repeating: false, count: x.count) }
                                nulls?[i] = true
                                continue
                            }
                            (v, o) = op == .modulo ? x[i].remainderReportingOverflow(dividingBy: y[i])
                                : x[i].dividedReportingOverflow(by: y[i])
                        }
                        if o, !(nulls?[i] ?? false) { throw overflow }
                        values[i] = v
                    }
                }
            }
            return .int64(FixedColumn(values: values, nulls: nulls))
        default:
            return try decimal(op, l, lt, r, rt, result: result, overflow: overflow)
        }
    }

    private static func doubles(_ c: Column, _ t: ColumnType) throws -> (values: ContiguousArray<Double>, nulls: ContiguousArray<Bool>?) {
        let d = try ColumnAccess.double(try CastKernel.cast(c, from: t, to: .double, orNull: false))
        return (ContiguousArray(d.values.lazy.map { Double(bitPattern: $0) }), d.nulls)
    }

    private static func scale(_ t: ColumnType) -> Int {
        if case let .decimal(_, s) = t { return s }
        return 0
    }

    /// Decimal arithmetic in 128 bits, rounded half up to the result scale, then checked
    /// against the result precision.
    private static func decimal(_ op: ArithmeticOperator, _ l: Column, _ lt: ColumnType, _ r: Column, _ rt: ColumnType,
                                result: ColumnType, overflow: SQLError) throws -> Column {
        let a = try ColumnAccess.int64(l), b = try ColumnAccess.int64(r)
        let s1 = scale(lt), s2 = scale(rt)
        var precision = 18, s = 0
        if case let .decimal(p, rs) = result { precision = p; s = rs }
        var nulls = ColumnFactory.union(a.nulls, b.nulls)
        var values = ContiguousArray<Int64>(repeating: 0, count: a.values.count)
        for i in values.indices {
            if nulls?[i] == true { continue }
            let x = Int128(a.values[i]), y = Int128(b.values[i])
            var v: Int128?
            switch op {
            case .add, .subtract:
                let common = max(s1, s2)
                if let xs = ColumnAccess.rescale(x, by: common - s1), let ys = ColumnAccess.rescale(y, by: common - s2) {
                    v = ColumnAccess.rescale(op == .add ? xs + ys : xs - ys, by: s - common)
                }
            case .multiply:
                let (m, o) = x.multipliedReportingOverflow(by: y)
                v = o ? nil : ColumnAccess.rescale(m, by: s - s1 - s2)
            case .divide, .modulo, .integerDivide:
                if y == 0 {
                    if nulls == nil { nulls = ContiguousArray(repeating: false, count: values.count) }
                    nulls?[i] = true
                    continue
                }
                if op == .divide {
                    // x/10^s1 ÷ y/10^s2 at scale s = x·10^(s - s1 + s2) / y.
                    if let scaled = ColumnAccess.rescale(x, by: s - s1 + s2) {
                        v = ColumnAccess.roundedDivide(scaled, y)
                    } else if let scaledDown = ColumnAccess.rescale(x, by: 0) {
                        v = ColumnAccess.rescale(ColumnAccess.roundedDivide(scaledDown, y), by: s - s1 + s2)
                    }
                } else {
                    let common = max(s1, s2)
                    if let xs = ColumnAccess.rescale(x, by: common - s1), let ys = ColumnAccess.rescale(y, by: common - s2) {
                        v = op == .modulo ? ColumnAccess.rescale(xs % ys, by: s - common) : xs / ys
                    }
                }
            }
            guard let exact = v, let fitted = ColumnAccess.fits(exact, precision: precision) else { throw overflow }
            values[i] = fitted
        }
        if result == .int64 { return .int64(FixedColumn(values: values, nulls: nulls)) }
        return .decimal(FixedColumn(values: values, nulls: nulls))
    }

    static func negate(_ c: Column, type: ColumnType, text: String) throws -> Column {
        switch c {
        case let .int64(v), let .decimal(v):
            var values = v.values
            for i in values.indices {
                if v.isNull(i) { continue }
                let (n, o) = Int64(0).subtractingReportingOverflow(values[i])
                if o { throw SQLError("arithmetic overflow in \(text)") }
                values[i] = n
            }
            return type == .int64 ? .int64(FixedColumn(values: values, nulls: v.nulls)) : .decimal(FixedColumn(values: values, nulls: v.nulls))
        case let .int32(v):
            var values = v.values
            for i in values.indices where !v.isNull(i) {
                let (n, o) = Int32(0).subtractingReportingOverflow(values[i])
                if o { throw SQLError("arithmetic overflow in \(text)") }
                values[i] = n
            }
            return .int32(FixedColumn(values: values, nulls: v.nulls))
        case let .double(v):
            return .double(FixedColumn(values: ContiguousArray(v.values.lazy.map { (-Double(bitPattern: $0)).bitPattern }), nulls: v.nulls))
        default:
            throw SQLError("cannot negate \(type) in \(text)")
        }
    }
}
