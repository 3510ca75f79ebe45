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
            values.withUnsafeMutableBufferPointer { values in
                for group in groups { values[group] += 1 }
            }
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

    /// One loop per kind, over raw buffers: no per-row switch on the kind and no
    /// exclusivity check per access to `values` / `seen`.
    private mutating func update<V: FixedWidthInteger>(_ column: FixedColumn<V>, groups: ContiguousArray<Int>) throws {
        let kind = spec.kind
        let nulls = column.nulls
        var overflow = false
        column.values.withUnsafeBufferPointer { input in
            groups.withUnsafeBufferPointer { groups in
                values.withUnsafeMutableBufferPointer { values in
                    seen.withUnsafeMutableBufferPointer { seen in
                        func each(_ body: (Int, Int64) -> Void) {
                            if let nulls {
                                for row in 0 ..< groups.count where !nulls[row] { body(groups[row], Int64(input[row])) }
                            } else {
                                for row in 0 ..< groups.count { body(groups[row], Int64(input[row])) }
                            }
                        }
                        switch kind {
                        case .sum:
                            each { group, value in
                                let (total, o) = values[group].addingReportingOverflow(value)
                                overflow = overflow || o
                                values[group] = total
                                seen[group] = true
                            }
                        case .min: each { group, value in values[group] = Swift.min(values[group], value); seen[group] = true }
                        case .max: each { group, value in values[group] = Swift.max(values[group], value); seen[group] = true }
                        case .count, .countAll: each { group, _ in values[group] += 1; seen[group] = true }
                        }
                    }
                }
            }
        }
        if overflow { throw OperatorError.arithmeticOverflow(context: "sum into \(spec.output.name)") }
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
