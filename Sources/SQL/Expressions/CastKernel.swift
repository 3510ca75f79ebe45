import Columns
import Workers

/// CAST between the engine's types, a whole column at a time. A value that does not
/// convert is an error naming it (`orNull`: NULL instead, for TRY_CAST).
enum CastKernel {
    static func cast(_ input: Column, from: ColumnType, to: ColumnType, orNull: Bool) throws -> Column {
        if from == to { return input }
        let rows = input.count
        func fail(_ row: Int) throws -> Bool {
            if orNull { return true }
            let shown = ValueText.string(input, row, type: from) ?? "NULL"
            throw SQLError("cannot cast '\(shown)' (\(from)) to \(to)")
        }
        switch (from, to) {
        case (.text, .binary), (.binary, .text):
            return input
        case (_, .text):
            var out = ColumnFactory.TextBuilder(rows: rows)
            var scratch = ContiguousArray<UInt8>()
            for row in 0 ..< rows {
                if input.isNull(row) { out.appendNull(); continue }
                scratch.removeAll(keepingCapacity: true)
                ValueText.append(input, row, type: from, to: &scratch)
                out.append(scratch)
            }
            return out.result
        case (.text, _), (.binary, _):
            let text = try ColumnAccess.text(input)
            return try fromText(text, to: to, fail: fail)
        case (.int32, .int64):
            let c = try ColumnAccess.int64(input)
            return .int64(c)
        case (.int32, .decimal), (.int64, .decimal), (.decimal, .decimal):
            let c = try ColumnAccess.int64(input)
            guard case let .decimal(p, s) = to else { break }
            var fromScale = 0
            if case let .decimal(_, s0) = from { fromScale = s0 }
            var values = ContiguousArray<Int64>(repeating: 0, count: rows)
            var nulls = c.nulls ?? ContiguousArray(repeating: false, count: rows)
            for row in 0 ..< rows where !nulls[row] {
                if let v = ColumnAccess.rescale(Int128(c.values[row]), by: s - fromScale),
                   let fitted = ColumnAccess.fits(v, precision: p) {
                    values[row] = fitted
                } else if try fail(row) { nulls[row] = true }
            }
            return .decimal(FixedColumn(values: values, nulls: ColumnFactory.mask(nulls)))
        case (.decimal, .int64), (.decimal, .int32), (.int64, .int32):
            let c = try ColumnAccess.int64(input)
            var scale = 0
            if case let .decimal(_, s) = from { scale = s }
            let divisor = ColumnAccess.pow10(scale) ?? 1
            var nulls = c.nulls ?? ContiguousArray(repeating: false, count: rows)
            if to == .int64 {
                return .int64(FixedColumn(values: ContiguousArray(c.values.lazy.map { $0 / divisor }), nulls: c.nulls))
            }
            var values = ContiguousArray<Int32>(repeating: 0, count: rows)
            for row in 0 ..< rows where !nulls[row] {
                if let v = Int32(exactly: c.values[row] / divisor) { values[row] = v } else if try fail(row) { nulls[row] = true }
            }
            return .int32(FixedColumn(values: values, nulls: ColumnFactory.mask(nulls)))
        case (.int32, .double), (.int64, .double), (.decimal, .double):
            let c = try ColumnAccess.int64(input)
            var scale = 0
            if case let .decimal(_, s) = from { scale = s }
            let divisor = Double(ColumnAccess.pow10(scale) ?? 1)
            return .double(FixedColumn(values: ContiguousArray(c.values.lazy.map { (Double($0) / divisor).bitPattern }),
                                       nulls: c.nulls))
        case (.double, .int64), (.double, .int32), (.double, .decimal):
            let c = try ColumnAccess.double(input)
            var values = ContiguousArray<Int64>(repeating: 0, count: rows)
            var nulls = c.nulls ?? ContiguousArray(repeating: false, count: rows)
            var scale = 0, precision = 18
            if case let .decimal(p, s) = to { scale = s; precision = p }
            let factor = Double(ColumnAccess.pow10(scale) ?? 1)
            for row in 0 ..< rows where !nulls[row] {
                let d = Double(bitPattern: c.values[row]) * factor
                let r = to == .decimal(precision: precision, scale: scale) ? d.rounded(.toNearestOrAwayFromZero) : d.rounded(.towardZero)
                if r.isFinite, let v = Int64(exactly: r), to != .int32 || Int32(exactly: v) != nil,
                   ColumnAccess.fits(Int128(v), precision: precision) != nil {
                    values[row] = v
                } else if try fail(row) { nulls[row] = true }
            }
            return integral(values, nulls: nulls, as: to)
        case (.bool, .int64), (.bool, .int32):
            let c = try ColumnAccess.bool(input)
            return to == .int64 ? .int64(FixedColumn(values: ContiguousArray(c.values.lazy.map { Int64($0) }), nulls: c.nulls))
                : .int32(FixedColumn(values: ContiguousArray(c.values.lazy.map { Int32($0) }), nulls: c.nulls))
        case (.int64, .bool), (.int32, .bool):
            let c = try ColumnAccess.int64(input)
            return .bool(FixedColumn(values: ContiguousArray(c.values.lazy.map { $0 != 0 ? 1 : 0 }), nulls: c.nulls))
        default:
            break
        }
        throw SQLError("cannot cast \(from) to \(to)")
    }

    /// Checked INT/BIGINT/DECIMAL values (unscaled) as a column of type `to`.
    private static func integral(_ values: ContiguousArray<Int64>, nulls: ContiguousArray<Bool>, as to: ColumnType) -> Column {
        let mask = ColumnFactory.mask(nulls)
        switch to {
        case .int32: return .int32(FixedColumn(values: ContiguousArray(values.lazy.map { Int32(truncatingIfNeeded: $0) }), nulls: mask))
        case .decimal: return .decimal(FixedColumn(values: values, nulls: mask))
        default: return .int64(FixedColumn(values: values, nulls: mask))
        }
    }

    private static func fromText(_ text: ByteColumn, to: ColumnType, fail: (Int) throws -> Bool) throws -> Column {
        let rows = text.count
        var nulls = ContiguousArray<Bool>(repeating: false, count: rows)
        switch to {
        case .date:
            var values = ContiguousArray<Int32>(repeating: 0, count: rows)
            for row in 0 ..< rows {
                if text.isNull(row) { nulls[row] = true; continue }
                if let d = text.withValue(row, { ValueParser.date($0) }) { values[row] = d } else if try fail(row) { nulls[row] = true }
            }
            return .date(FixedColumn(values: values, nulls: ColumnFactory.mask(nulls)))
        case .int64, .int32, .decimal:
            var scale = 0, precision = 18
            if case let .decimal(p, s) = to { scale = s; precision = p }
            var values = ContiguousArray<Int64>(repeating: 0, count: rows)
            for row in 0 ..< rows {
                if text.isNull(row) { nulls[row] = true; continue }
                let parsed = text.withValue(row) { ValueParser.decimal($0, scale: scale, truncate: to != .decimal(precision: precision, scale: scale)) }
                if let v = parsed, ColumnAccess.fits(Int128(v), precision: precision) != nil,
                   to != .int32 || Int32(exactly: v) != nil {
                    values[row] = v
                } else if try fail(row) { nulls[row] = true }
            }
            return integral(values, nulls: nulls, as: to)
        case .double:
            var values = ContiguousArray<UInt64>(repeating: 0, count: rows)
            for row in 0 ..< rows {
                if text.isNull(row) { nulls[row] = true; continue }
                let s = text.string(row)?.trimmingSpaces ?? ""
                if let d = Double(s) { values[row] = d.bitPattern } else if try fail(row) { nulls[row] = true }
            }
            return .double(FixedColumn(values: values, nulls: ColumnFactory.mask(nulls)))
        case .bool:
            var values = ContiguousArray<UInt8>(repeating: 0, count: rows)
            for row in 0 ..< rows {
                if text.isNull(row) { nulls[row] = true; continue }
                switch text.string(row)?.trimmingSpaces.lowercased() {
                case "true", "t", "yes", "y", "1": values[row] = 1
                case "false", "f", "no", "n", "0": values[row] = 0
                default: if try fail(row) { nulls[row] = true }
                }
            }
            return .bool(FixedColumn(values: values, nulls: ColumnFactory.mask(nulls)))
        default:
            throw SQLError("cannot cast STRING to \(to)")
        }
    }
}

extension String {
    var trimmingSpaces: String {
        var s = Substring(self)
        while s.first?.isWhitespace == true { s = s.dropFirst() }
        while s.last?.isWhitespace == true { s = s.dropLast() }
        return String(s)
    }
}
