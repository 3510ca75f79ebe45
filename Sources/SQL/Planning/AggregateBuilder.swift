import Columns
import SQLSyntax
import Workers

/// The aggregate step of a SELECT on `HashAggregateExec`: group keys and aggregate
/// arguments computed into columns, then partial aggregates per partition, a hash
/// shuffle on the keys and final aggregates (`twoPhase`); without keys, partials are
/// merged in one partition and an empty input still gives its one row. `f(DISTINCT x)`
/// first groups by the keys and x (other aggregates computed partially there), then
/// aggregates those groups; DISTINCT over several arguments expands each row first
/// (`AggregateBuilder+Expansion.swift`).
enum AggregateBuilder {
    /// `nulling`: key columns (by id) this grouping set leaves out — they read as NULL. The
    /// empty grouping set (every key left out, as ROLLUP's grand total) is a global
    /// aggregate: one row even when the input has none.
    static func build(_ input: RelationPlan, _ collector: AggregateCollector, nulling: Set<Int> = [], context: PlanningContext,
                      at location: SourceLocation) throws -> RelationPlan {
        let relation = try aggregate(input, collector, nulling: nulling, context: context, at: location)
        guard !collector.keys.isEmpty, collector.keys.allSatisfy({ nulling.contains($0.column.id) }) else { return relation }
        let plan = relation.plan.partitionCount > 1 ? CoalescePartitionsExec(relation.plan) : relation.plan
        let zeroes = collector.keys.map { _ in false } + collector.calls.map { $0.kind == .countAll || $0.kind == .count }
        return RelationPlan(plan: EmptyInputRowExec(plan, defaults: zeroes), scope: relation.scope, estimatedRows: nil)
    }

    private static func aggregate(_ input: RelationPlan, _ collector: AggregateCollector, nulling: Set<Int>,
                                  context: PlanningContext, at location: SourceLocation) throws -> RelationPlan {
        let distinct = collector.calls.filter(\.distinct)
        let distinctArguments = Set(distinct.compactMap(\.argument))
        if distinctArguments.count > 1 {
            guard collector.calls.allSatisfy({ $0.kind.hashable(over: $0.argument?.type) }) else {
                throw SQLError.notSupported("DISTINCT beside min/max of text, sums of doubles or stddev", at: location)
            }
            let expanded = try expandedDistinct(input, collector, nulling: nulling, context: context)
            return try finish(expanded.source, expanded.aggregates, keys: collector.keys.map(\.column.physicalName), collector, context: context)
        }
        // Columns the aggregate reads: keys, then each argument once.
        var inputs: [(BoundExpression, ScopeColumn)] = collector.keys.map { key in
            (nulling.contains(key.column.id) ? .literal(.null, key.column.type) : key.expression, key.column)
        }
        var argumentColumns: [BoundExpression: ScopeColumn] = [:]
        for call in collector.calls {
            guard let argument = call.argument, argumentColumns[argument] == nil else { continue }
            let column = ScopeColumn(id: context.newID(), name: "arg", type: argument.type, qualifiers: [])
            argumentColumns[argument] = column
            inputs.append((argument, column))
        }
        if inputs.isEmpty, let any = input.scope.columns.first {
            // count(*) alone: batches without columns would have no rows, so carry one.
            inputs.append((any.reference, any))
        }
        let projected = try PlanOperators.project(input, inputs)
        let keyNames = collector.keys.map(\.column.physicalName)
        if collector.calls.contains(where: { !$0.kind.hashable(over: $0.argument?.type) }) {
            guard distinct.isEmpty else {
                throw SQLError.notSupported("DISTINCT beside min/max of text, sums of doubles or stddev", at: location)
            }
            return try sorted(projected, collector, keys: keyNames, arguments: argumentColumns, context: context)
        }
        func argumentName(_ call: AggregateCall) -> String { call.argument.flatMap { argumentColumns[$0]?.physicalName } ?? "" }

        var source = projected.plan
        var aggregates: [AggregateExpression] = []
        if let argument = distinctArguments.first, let distinctColumn = argumentColumns[argument] {
            // Step 1 groups by the keys and the DISTINCT argument, computing the other
            // aggregates partially; step 2 aggregates the argument's distinct values and
            // merges the partials (counts are summed).
            var partials: [AggregateExpression] = []
            for call in collector.calls {
                if call.distinct {
                    aggregates.append(AggregateExpression(function(call.kind, distinctColumn.physicalName), as: call.output.physicalName))
                    continue
                }
                let partial = PhysicalName.make("partial", id: context.newID())
                partials.append(AggregateExpression(function(call.kind, argumentName(call)), as: partial))
                let merge: AggregateKind = call.kind == .count || call.kind == .countAll ? .sum : call.kind
                aggregates.append(AggregateExpression(function(merge, partial), as: call.output.physicalName))
            }
            source = try grouped(source, keys: keyNames + [distinctColumn.physicalName], aggregates: partials, context: context)
        } else {
            aggregates = collector.calls.map { AggregateExpression(function($0.kind, argumentName($0)), as: $0.output.physicalName) }
        }
        return try finish(source, aggregates, keys: keyNames, collector, context: context)
    }

    /// The last aggregate step over `source`: grouped by `keys`, or global (one row even
    /// over no input).
    private static func finish(_ source: any ExecutionPlan, _ aggregates: [AggregateExpression], keys keyNames: [String],
                               _ collector: AggregateCollector, context: PlanningContext) throws -> RelationPlan {
        let distinct = collector.calls.filter(\.distinct)
        let plan: any ExecutionPlan
        if keyNames.isEmpty {
            let partial = try HashAggregateExec(.partial, source, groupBy: [], aggregates: aggregates)
            let merged = try HashAggregateExec(.final, CoalescePartitionsExec(partial), groupBy: [], aggregates: aggregates,
                                               rawInputSchema: source.schema)
            plan = EmptyInputRowExec(merged, defaults: collector.calls.map { $0.kind == .countAll || $0.kind == .count })
        } else {
            plan = try grouped(source, keys: keyNames, aggregates: aggregates, context: context)
        }
        let relation = RelationPlan(plan: plan, scope: collector.outputScope, estimatedRows: nil)
        // Beside a DISTINCT aggregate the other counts are sums of partial counts: NULL
        // over no rows, where a count is 0.
        let counts = Set(collector.calls.filter { !$0.distinct && ($0.kind == .count || $0.kind == .countAll) }.map(\.output.id))
        guard !distinct.isEmpty, keyNames.isEmpty, !counts.isEmpty else { return relation }
        return try PlanOperators.project(relation, collector.outputScope.columns.map { column in
            (counts.contains(column.id) ? .coalesce([column.reference, .literal(.int64(0), .int64)], type: .int64) : column.reference, column)
        })
    }

    /// Only for kinds `hashable` accepts (the others go to `SortedAggregateExec`).
    static func function(_ kind: AggregateKind, _ column: String) -> AggregateFunction {
        switch kind {
        case .countAll: .countAll
        case .count: .count(column)
        case .sum: .sum(column)
        case .min: .min(column)
        default: .max(column)
        }
    }

    /// The aggregate on one partition sorted by the keys, for what hash aggregation lacks.
    private static func sorted(_ projected: RelationPlan, _ collector: AggregateCollector, keys: [String],
                               arguments: [BoundExpression: ScopeColumn], context: PlanningContext) throws -> RelationPlan {
        var plan = projected.plan
        if keys.isEmpty {
            if plan.partitionCount > 1 { plan = CoalescePartitionsExec(plan) }
        } else {
            // Each group whole in one partition, partitions sorted in parallel.
            if !plan.outputPartitioning.groups(keys, partitionCount: plan.partitionCount) {
                plan = try RepartitionExec(plan, keys: keys, partitions: context.workers)
            }
            plan = try SortExec(plan, keys: keys.map { SortKey($0) })
        }
        let schema = plan.schema
        func index(_ name: String) -> Int? { schema.fields.firstIndex { $0.name == name } }
        let calls = collector.calls.map { call in
            SortedAggregateExec.Call(kind: call.kind, argument: call.argument.flatMap { arguments[$0] }.flatMap { index($0.physicalName) },
                                     output: call.output.field, fraction: call.fraction)
        }
        let aggregate = SortedAggregateExec(plan, keys: keys.compactMap(index), calls: calls)
        return RelationPlan(plan: aggregate, scope: collector.outputScope, estimatedRows: nil)
    }

    static func grouped(_ input: any ExecutionPlan, keys: [String], aggregates: [AggregateExpression],
                        context: PlanningContext) throws -> any ExecutionPlan {
        if input.outputPartitioning.groups(keys, partitionCount: input.partitionCount) {
            return try HashAggregateExec(.single, input, groupBy: keys, aggregates: aggregates)
        }
        return try HashAggregateExec.twoPhase(input, groupBy: keys, aggregates: aggregates, partitions: context.workers)
    }
}

/// A global aggregate's result: one row even when its input had none (counts 0, other
/// aggregates NULL), as SQL requires of `SELECT count(*) … WHERE false`.
final class EmptyInputRowExec: ExecutionPlan {
    let name = "EmptyInputRowExec"
    let input: any ExecutionPlan
    let metrics = OperatorMetrics()
    /// Per column: whether its value on empty input is 0 (a count) rather than NULL.
    private let zeroes: [Bool]

    init(_ input: any ExecutionPlan, defaults zeroes: [Bool]) {
        self.input = input
        self.zeroes = zeroes
    }

    var schema: Schema { input.schema }
    var partitionCount: Int { 1 }
    var children: [any ExecutionPlan] { [input] }
    var detail: String { "one row when the input is empty" }

    func execute(partition: Int, context: TaskContext) throws -> BatchStream {
        let source = try input.execute(partition: 0, context: context)
        var sawRows = false, done = false
        let schema = schema, zeroes = zeroes
        return BatchStream(schema: schema, metrics: metrics) {
            if let batch = try await source.next() {
                sawRows = true
                return batch
            }
            guard !sawRows, !done else { return nil }
            done = true
            let columns = zip(schema.fields, zeroes).map { field, zero in
                zero ? Scalar.int64(0).column(rows: 1, type: .int64) : ColumnFactory.nulls(rows: 1, type: field.type)
            }
            return RecordBatch(schema: schema, columns: columns)
        }
    }
}
