import Columns

/// A bound expression fixed to one input schema: column ids resolved to batch positions
/// once, then `evaluate` computes a whole batch into one column, node by node (each node
/// is one loop over column buffers).
struct CompiledExpression: Sendable {
    let expression: BoundExpression
    private let positions: [Int: Int]
    /// Parts evaluated once per distinct value of their text column (`DistinctValueEvaluation`).
    private let perDistinctValue: [BoundExpression: DistinctValueEvaluation]

    /// `perDistinctValue`: whether parts over one repetitive text column are evaluated per
    /// distinct value (off for the distinct values themselves).
    init(_ expression: BoundExpression, schema: Schema, perDistinctValue: Bool = true) throws {
        var positions: [Int: Int] = [:]
        for id in expression.columnIDs {
            guard let index = schema.fields.firstIndex(where: { PhysicalName.id(of: $0.name) == id }) else {
                throw SQLError("internal error: column #\(id) is not in the input [\(schema.fields.map(\.name).joined(separator: ", "))]")
            }
            positions[id] = index
        }
        self.expression = expression
        self.positions = positions
        var parts: [BoundExpression: DistinctValueEvaluation] = [:]
        if perDistinctValue {
            for (part, column) in DistinctValueEvaluation.candidates(in: expression) {
                guard let position = positions[column.id] else { continue }
                parts[part] = try DistinctValueEvaluation(part, column: column, position: position)
            }
        }
        self.perDistinctValue = parts
    }

    var type: ColumnType { expression.type }

    func evaluate(_ batch: RecordBatch) throws -> Column {
        try evaluate(expression, batch)
    }

    private func evaluate(_ e: BoundExpression, _ batch: RecordBatch) throws -> Column {
        if !perDistinctValue.isEmpty, let part = perDistinctValue[e], let column = try part.evaluate(batch) { return column }
        let rows = batch.rowCount
        switch e {
        case let .column(id, _, _):
            guard let index = positions[id] else { throw SQLError("internal error: column #\(id) unresolved") }
            return batch.columns[index]
        case let .literal(value, type):
            return value.column(rows: rows, type: type)
        case let .cast(inner, to, orNull):
            return try CastKernel.cast(try evaluate(inner, batch), from: inner.type, to: to, orNull: orNull)
        case let .arithmetic(op, l, r, type, text):
            return try ArithmeticKernel.evaluate(op, try evaluate(l, batch), l.type, try evaluate(r, batch), r.type,
                                                 result: type, text: text)
        case let .negate(inner, text):
            return try ArithmeticKernel.negate(try evaluate(inner, batch), type: inner.type, text: text)
        case let .compare(op, l, .literal(value, _)) where !value.isNull:
            let column = try evaluate(l, batch)
            if let result = ConstantComparisonKernel.evaluate(op, column, value) { return result }
            return try ComparisonKernel.evaluate(op, column, value.column(rows: rows, type: l.type), type: l.type)
        case let .compare(op, .literal(value, _), r) where !value.isNull:
            let column = try evaluate(r, batch)
            if let result = ConstantComparisonKernel.evaluate(ConstantComparisonKernel.flipped(op), column, value) { return result }
            return try ComparisonKernel.evaluate(op, value.column(rows: rows, type: r.type), column, type: r.type)
        case let .compare(op, l, r):
            return try ComparisonKernel.evaluate(op, try evaluate(l, batch), try evaluate(r, batch), type: l.type)
        case let .and(l, r):
            return try LogicKernel.combine(try evaluate(l, batch), try evaluate(r, batch), isAnd: true)
        case let .or(l, r):
            return try LogicKernel.combine(try evaluate(l, batch), try evaluate(r, batch), isAnd: false)
        case let .not(inner):
            return try LogicKernel.not(try evaluate(inner, batch))
        case let .isNull(inner, negated):
            return LogicKernel.isNull(try evaluate(inner, batch), negated: negated)
        case let .inList(inner, values, negated):
            return try InListKernel.evaluate(try evaluate(inner, batch), type: inner.type, values: values, negated: negated)
        case let .like(inner, pattern, negated):
            let matched = try pattern.evaluate(try evaluate(inner, batch))
            return negated ? try LogicKernel.not(matched) : matched
        case let .caseWhen(branches, otherwise, type):
            var pick = ContiguousArray<Int>(repeating: -1, count: rows)
            var decided = ContiguousArray<Bool>(repeating: false, count: rows)
            var results: [Column] = []
            for (k, branch) in branches.enumerated() {
                let condition = try ColumnAccess.bool(try evaluate(branch.condition, batch))
                for row in 0 ..< rows where !decided[row] && condition.values[row] != 0 && !condition.isNull(row) {
                    pick[row] = k
                    decided[row] = true
                }
                results.append(try evaluate(branch.result, batch))
            }
            if let otherwise {
                results.append(try evaluate(otherwise, batch))
                for row in 0 ..< rows where !decided[row] { pick[row] = results.count - 1 }
            }
            return try ChoiceKernel.choose(results, pick: pick, type: type)
        case let .coalesce(arguments, type):
            let columns = try arguments.map { try evaluate($0, batch) }
            var pick = ContiguousArray<Int>(repeating: -1, count: rows)
            for row in 0 ..< rows {
                for (k, column) in columns.enumerated() where !column.isNull(row) {
                    pick[row] = k
                    break
                }
            }
            return try ChoiceKernel.choose(columns, pick: pick, type: type)
        case let .function(function, arguments, type, text):
            let columns = try arguments.map { try evaluate($0, batch) }
            return try FunctionKernel.evaluate(function, columns, arguments.map(\.type), result: type, rows: rows, text: text)
        case let .average(sum, count, type):
            return try AverageKernel.evaluate(try evaluate(sum, batch), sumType: sum.type, count: try evaluate(count, batch),
                                              result: type)
        }
    }
}

/// Physical column names carry the scope id: `revenue#12`, so columns of two tables
/// never clash and plans show where each came from.
enum PhysicalName {
    static func make(_ name: String, id: Int) -> String { "\(name)#\(id)" }

    static func id(of physical: String) -> Int? {
        guard let hash = physical.lastIndex(of: "#") else { return nil }
        return Int(physical[physical.index(after: hash)...])
    }
}

/// `x IN (constants)`: true on a match; NULL when x is NULL, or when nothing matched and a
/// constant is NULL; false otherwise.
enum InListKernel {
    static func evaluate(_ c: Column, type: ColumnType, values: [Scalar], negated: Bool) throws -> Column {
        let rows = c.count
        let hasNull = values.contains(.null)
        let nullFlags = ColumnFactory.nullFlags(c)
        var out = ContiguousArray<UInt8>(repeating: 0, count: rows)
        var nulls = ContiguousArray<Bool>(repeating: false, count: rows)
        switch c {
        case let .int64(v), let .decimal(v):
            let set = Set(values.compactMap { s -> Int64? in if case let .int64(x) = s { x } else if case let .decimal(x) = s { x } else { nil } })
            for i in 0 ..< rows { out[i] = set.contains(v.values[i]) ? 1 : 0 }
        case let .int32(v), let .date(v):
            let set = Set(values.compactMap { s -> Int32? in if case let .int32(x) = s { x } else if case let .date(x) = s { x } else { nil } })
            for i in 0 ..< rows { out[i] = set.contains(v.values[i]) ? 1 : 0 }
        case let .double(v):
            let set = Set(values.compactMap { s -> Double? in if case let .double(x) = s { x } else { nil } })
            for i in 0 ..< rows { out[i] = set.contains(Double(bitPattern: v.values[i])) ? 1 : 0 }
        case let .bool(v):
            let set = Set(values.compactMap { s -> UInt8? in if case let .bool(x) = s { x ? 1 : 0 } else { nil } })
            for i in 0 ..< rows { out[i] = set.contains(v.values[i]) ? 1 : 0 }
        case let .text(t):
            let set = Set(values.compactMap { s -> [UInt8]? in if case let .text(x) = s { Array(x.utf8) } else { nil } })
            let lengths = Set(set.map(\.count))
            for i in 0 ..< rows where !nullFlags[i] {
                let range = t.range(i)
                guard lengths.contains(range.count) else { continue }
                out[i] = set.contains(Array(t.bytes[range])) ? 1 : 0
            }
        }
        for i in 0 ..< rows {
            if nullFlags[i] || (out[i] == 0 && hasNull) { nulls[i] = true; out[i] = 0; continue }
            if negated { out[i] = 1 - out[i] }
        }
        return .bool(FixedColumn(values: out, nulls: ColumnFactory.mask(nulls)))
    }
}

/// avg = sum / count: decimals rounded half up to the result scale; integers as DOUBLE.
enum AverageKernel {
    static func evaluate(_ sum: Column, sumType: ColumnType, count: Column, result: ColumnType) throws -> Column {
        if case let .double(d) = sum {
            let n = try ColumnAccess.int64(count)
            var values = ContiguousArray<UInt64>(repeating: 0, count: d.count)
            var nulls = ContiguousArray<Bool>(repeating: false, count: d.count)
            for i in 0 ..< d.count {
                guard !d.isNull(i), let c = n.value(i), c > 0 else { nulls[i] = true; continue }
                values[i] = (Double(bitPattern: d.values[i]) / Double(c)).bitPattern
            }
            return .double(FixedColumn(values: values, nulls: ColumnFactory.mask(nulls)))
        }
        let s = try ColumnAccess.int64(sum), n = try ColumnAccess.int64(count)
        let rows = s.count
        var nulls = ContiguousArray<Bool>(repeating: false, count: rows)
        switch result {
        case let .decimal(_, scale):
            var sumScale = 0
            if case let .decimal(_, ss) = sumType { sumScale = ss }
            var values = ContiguousArray<Int64>(repeating: 0, count: rows)
            for i in 0 ..< rows {
                guard !s.isNull(i), let c = n.value(i), c > 0,
                      let scaled = ColumnAccess.rescale(Int128(s.values[i]), by: scale - sumScale),
                      let v = Int64(exactly: ColumnAccess.roundedDivide(scaled, Int128(c))) else { nulls[i] = true; continue }
                values[i] = v
            }
            return .decimal(FixedColumn(values: values, nulls: ColumnFactory.mask(nulls)))
        default:
            var values = ContiguousArray<UInt64>(repeating: 0, count: rows)
            for i in 0 ..< rows {
                guard !s.isNull(i), let c = n.value(i), c > 0 else { nulls[i] = true; continue }
                values[i] = (Double(s.values[i]) / Double(c)).bitPattern
            }
            return .double(FixedColumn(values: values, nulls: ColumnFactory.mask(nulls)))
        }
    }
}
