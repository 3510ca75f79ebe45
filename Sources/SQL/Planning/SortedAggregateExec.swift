import Columns
import Foundation
import Workers

/// Aggregates `HashAggregateExec` does not compute (min/max of text, doubles and booleans,
/// sums of doubles, stddev and variance) over one partition sorted by the group keys:
/// each group's rows arrive together, so one accumulator per call at a time suffices and
/// memory stays bounded by the sort's budget. Without keys, the whole input is one group
/// (and an empty input still gives its one row). With keys, partitions (hashed on the
/// keys) are sorted and aggregated in parallel.
final class SortedAggregateExec: ExecutionPlan {
    struct Call: Sendable {
        var kind: AggregateKind
        var argument: Int?
        var output: Field
        var fraction: Double = 0
    }

    let name = "SortedAggregateExec"
    let input: any ExecutionPlan
    let schema: Schema
    let metrics = OperatorMetrics()
    private let keys: [Int]
    private let calls: [Call]

    init(_ input: any ExecutionPlan, keys: [Int], calls: [Call]) {
        self.input = input
        self.keys = keys
        self.calls = calls
        schema = Schema(keys.map { input.schema.fields[$0] } + calls.map(\.output))
    }

    /// One output partition per input partition: with keys, the input is hash-partitioned
    /// on them, so every group is whole in one partition.
    var partitionCount: Int { input.partitionCount }
    var children: [any ExecutionPlan] { [input] }
    var detail: String {
        "group by [\(keys.map { input.schema.fields[$0].name }.joined(separator: ", "))] "
            + calls.map { "\($0.kind.rawValue) as \($0.output.name)" }.joined(separator: ", ")
    }

    func execute(partition: Int, context: TaskContext) throws -> BatchStream {
        let source = try input.execute(partition: partition, context: context)
        let keys = keys, calls = calls, schema = schema
        let keySchema = Schema(keys.map { input.schema.fields[$0] })
        var currentKey: RecordBatch?
        var accumulators: [GroupAccumulator] = []
        var pendingKeys: [RecordBatch] = []
        var pendingResults: [[Scalar]] = calls.map { _ in [] }
        var sawGroup = false, finished = false

        func close() throws {
            guard let key = currentKey else { return }
            pendingKeys.append(key)
            for (i, accumulator) in accumulators.enumerated() {
                pendingResults[i].append(try accumulator.result(calls[i]))
            }
            currentKey = nil
        }
        func flush() throws -> RecordBatch? {
            guard !pendingKeys.isEmpty else { return nil }
            let keyBatch = try RecordBatch.concat(pendingKeys, schema: keySchema)
            let results = zip(calls, pendingResults).map { ColumnFactory.column(of: $1, type: $0.output.type) }
            pendingKeys = []
            pendingResults = calls.map { _ in [] }
            return RecordBatch(schema: schema, columns: keyBatch.columns + results)
        }

        return BatchStream(schema: schema, metrics: metrics) {
            while !finished {
                guard let batch = try await source.next() else {
                    finished = true
                    if !sawGroup, keys.isEmpty {
                        currentKey = RecordBatch(schema: keySchema, columns: [])
                        accumulators = calls.map { _ in GroupAccumulator() }
                    }
                    try close()
                    return try flush()
                }
                let keyColumns = keys.map { batch.columns[$0] }
                let arguments = calls.map { call in call.argument.map { batch.columns[$0] } }
                for row in 0 ..< batch.rowCount {
                    var sameGroup = false
                    if let key = currentKey {
                        sameGroup = true
                        for k in keyColumns.indices where !RowEquality.equal(key.columns[k], 0, keyColumns[k], row) {
                            sameGroup = false
                            break
                        }
                    }
                    if !sameGroup {
                        try close()
                        sawGroup = true
                        currentKey = RecordBatch(schema: keySchema, columns: try keys.map { try batch.project(indices: [$0]).gather([row]).columns[0] })
                        accumulators = calls.map { _ in GroupAccumulator() }
                    }
                    for i in calls.indices { accumulators[i].add(arguments[i], row: row, kind: calls[i].kind) }
                }
                if pendingKeys.count >= 4096 { return try flush() }
            }
            return nil
        }
    }
}

/// One group's state for one aggregate call.
struct GroupAccumulator {
    var count: Int64 = 0
    var integerSum: Int128 = 0
    var doubleSum = 0.0
    // Welford's running mean and sum of squared deviations (stddev, variance).
    var mean = 0.0
    var squares = 0.0
    var best: Scalar = .null
    /// percentile: every value of the group; percentile_approx: every value of a DOUBLE
    /// argument here and of the other types (integers, decimals unscaled, dates) in `integers`.
    var values: [Double] = []
    var integers: [Int64] = []

    mutating func add(_ column: Column?, row: Int, kind: AggregateKind) {
        guard let column else { count += 1; return }  // count(*)
        guard !column.isNull(row) else { return }
        count += 1
        switch kind {
        case .countAll, .count: break
        case .sum:
            switch column {
            case let .double(c): doubleSum += Double(bitPattern: c.values[row])
            case let .int64(c), let .decimal(c): integerSum += Int128(c.values[row])
            case let .int32(c): integerSum += Int128(c.values[row])
            default: break
            }
        case .min, .max:
            // Compared in place; a value is copied out only when it becomes the best.
            if best == .null || Self.order(column, row, best) == (kind == .min ? -1 : 1) { best = Scalar.of(column, row: row) }
        case .stddevSample, .stddevPopulation, .varianceSample, .variancePopulation:
            guard case let .double(c) = column else { return }
            let x = Double(bitPattern: c.values[row])
            let delta = x - mean
            mean += delta / Double(count)
            squares += delta * (x - mean)
        case .percentile:
            if case let .double(c) = column { values.append(Double(bitPattern: c.values[row])) }
        case .percentileApprox:
            switch column {
            case let .double(c): values.append(Double(bitPattern: c.values[row]))
            case let .int64(c), let .decimal(c): integers.append(c.values[row])
            case let .int32(c), let .date(c): integers.append(Int64(c.values[row]))
            default: break
            }
        }
    }

    func result(_ call: SortedAggregateExec.Call) throws -> Scalar {
        switch call.kind {
        case .countAll, .count: return .int64(count)
        case .sum:
            guard count > 0 else { return .null }
            if call.output.type == .double { return .double(doubleSum) }
            guard let v = ColumnAccess.fits(integerSum, precision: 18) else {
                throw SQLError("arithmetic overflow in sum into \(call.output.name) (result type \(call.output.type))")
            }
            return call.output.type == .int64 ? .int64(v) : .decimal(v)
        case .min, .max: return best
        case .stddevSample, .varianceSample:
            guard count > 1 else { return .null }
            let variance = squares / Double(count - 1)
            return .double(call.kind == .stddevSample ? variance.squareRoot() : variance)
        case .percentile:
            guard !values.isEmpty else { return .null }
            let sorted = values.sorted()
            let position = call.fraction * Double(sorted.count - 1)
            let lower = Int(position.rounded(.down)), upper = Int(position.rounded(.up))
            return .double(sorted[lower] + (position - Double(lower)) * (sorted[upper] - sorted[lower]))
        case .percentileApprox:
            guard count > 0 else { return .null }
            let rank = max(1, Int((call.fraction * Double(count)).rounded(.up))) - 1
            switch call.output.type {
            case .double: return .double(values.sorted()[rank])
            case .int64: return .int64(integers.sorted()[rank])
            case .decimal: return .decimal(integers.sorted()[rank])
            case .int32: return .int32(Int32(truncatingIfNeeded: integers.sorted()[rank]))
            default: return .date(Int32(truncatingIfNeeded: integers.sorted()[rank]))
            }
        case .stddevPopulation, .variancePopulation:
            guard count > 0 else { return .null }
            let variance = squares / Double(count)
            return .double(call.kind == .stddevPopulation ? variance.squareRoot() : variance)
        }
    }

    /// -1, 0, 1: row `row` of `column` against a constant of the same type.
    static func order(_ column: Column, _ row: Int, _ b: Scalar) -> Int {
        func cmp<T: Comparable>(_ x: T, _ y: T) -> Int { x < y ? -1 : (x == y ? 0 : 1) }
        switch (column, b) {
        case let (.int64(c), .int64(y)), let (.decimal(c), .decimal(y)): return cmp(c.values[row], y)
        case let (.int32(c), .int32(y)), let (.date(c), .date(y)): return cmp(c.values[row], y)
        case let (.double(c), .double(y)): return cmp(Double(bitPattern: c.values[row]), y)
        case let (.bool(c), .bool(y)): return cmp(c.values[row], y ? 1 : 0)
        case let (.text(c), .text(y)):
            let x = c.bytes[c.range(row)]
            return x.lexicographicallyPrecedes(y.utf8) ? -1 : (x.elementsEqual(y.utf8) ? 0 : 1)
        default: return 0
        }
    }
}

extension ColumnFactory {
    /// A column of constants of `type` (NULL where `.null`).
    static func column(of values: [Scalar], type: ColumnType) -> Column {
        var nulls = ContiguousArray<Bool>(repeating: false, count: values.count)
        for (i, v) in values.enumerated() where v == .null { nulls[i] = true }
        let mask = ColumnFactory.mask(nulls)
        switch type {
        case .text, .binary:
            var out = TextBuilder(rows: values.count)
            for v in values { if case let .text(s) = v { out.append(s) } else { out.appendNull() } }
            return out.result
        case .int64, .decimal:
            let c = FixedColumn(values: ContiguousArray(values.map { v -> Int64 in
                if case let .int64(x) = v { return x }
                if case let .decimal(x) = v { return x }
                return 0
            }), nulls: mask)
            return type == .int64 ? .int64(c) : .decimal(c)
        case .int32, .date:
            let c = FixedColumn(values: ContiguousArray(values.map { v -> Int32 in
                if case let .int32(x) = v { return x }
                if case let .date(x) = v { return x }
                return 0
            }), nulls: mask)
            return type == .int32 ? .int32(c) : .date(c)
        case .double:
            return .double(FixedColumn(values: ContiguousArray(values.map { v -> UInt64 in
                if case let .double(x) = v { return x.bitPattern }
                return 0
            }), nulls: mask))
        case .bool:
            return .bool(FixedColumn(values: ContiguousArray(values.map { v -> UInt8 in
                if case let .bool(x) = v { return x ? 1 : 0 }
                return 0
            }), nulls: mask))
        }
    }
}
