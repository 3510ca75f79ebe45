import Columns

/// Per-group running values of one accumulator, updated a column at a time.
struct AccumulatorState {
    let spec: Accumulator
    private(set) var values = ContiguousArray<Int64>()
    /// Whether the group has seen a non-NULL input (sum/min/max are NULL otherwise).
    private(set) var seen = ContiguousArray<Bool>()

    init(_ spec: Accumulator) { self.spec = spec }

    mutating func addGroups(upTo count: Int) {
        let initial: Int64 = switch spec.kind {
        case .min: .max
        case .max: .min
        default: 0
        }
        while values.count < count {
            values.append(initial)
            seen.append(false)
        }
    }

    mutating func update(_ batch: RecordBatch, groups: ContiguousArray<Int>) throws {
        if spec.kind == .countAll {
            for group in groups { values[group] += 1 }
            return
        }
        let column = batch.columns[spec.input]
        if spec.kind == .count {
            let nulls = batch.nullKeyMask(keys: [spec.input])
            for (row, group) in groups.enumerated() where nulls?[row] != true { values[group] += 1 }
            return
        }
        switch column {
        case let .int64(c), let .decimal(c): try update(c, groups: groups)
        case let .int32(c), let .date(c): try update(c, groups: groups)
        default:
            throw OperatorError.unsupportedAggregate(function: "\(spec.kind)", column: spec.output.name,
                                                     type: batch.schema.fields[spec.input].type)
        }
    }

    private mutating func update<V: FixedWidthInteger>(_ column: FixedColumn<V>, groups: ContiguousArray<Int>) throws {
        let kind = spec.kind
        try column.values.withUnsafeBufferPointer { input in
            try values.withUnsafeMutableBufferPointer { values in
                for (row, group) in groups.enumerated() where !column.isNull(row) {
                    let value = Int64(input[row])
                    switch kind {
                    case .sum:
                        let (total, overflow) = values[group].addingReportingOverflow(value)
                        if overflow { throw OperatorError.arithmeticOverflow(context: "sum into \(spec.output.name)") }
                        values[group] = total
                    case .min: values[group] = Swift.min(values[group], value)
                    case .max: values[group] = Swift.max(values[group], value)
                    case .count, .countAll: values[group] += 1
                    }
                    seen[group] = true
                }
            }
        }
    }

    /// The output column for all groups.
    func column() -> Column {
        let nulls: ContiguousArray<Bool>? = switch spec.kind {
        case .count, .countAll: nil
        default: seen.contains(false) ? ContiguousArray(seen.lazy.map { !$0 }) : nil
        }
        let cleaned = nulls == nil ? values : ContiguousArray(zip(values, seen).lazy.map { $1 ? $0 : 0 })
        switch spec.output.type {
        case .int32: return .int32(FixedColumn(values: ContiguousArray(cleaned.lazy.map { Int32(truncatingIfNeeded: $0) }), nulls: nulls))
        case .date: return .date(FixedColumn(values: ContiguousArray(cleaned.lazy.map { Int32(truncatingIfNeeded: $0) }), nulls: nulls))
        case .decimal: return .decimal(FixedColumn(values: cleaned, nulls: nulls))
        default: return .int64(FixedColumn(values: cleaned, nulls: nulls))
        }
    }
}
