import Columns

/// Group-by aggregation of each partition with a hash table (`HashAggregator`).
/// - `partial`: aggregates raw input rows per partition; the output has the final schema
///   but a key may appear in several partitions (map-side combine).
/// - `final`: merges partial rows; placed above a `RepartitionExec` on the group keys, so
///   each key is in one partition and the result is complete.
/// - `single`: raw rows to complete groups in one step (input already partitioned by key).
/// Groups past the memory budget spill (key-partitioned) and are merged piece by piece.
public final class HashAggregateExec: ExecutionPlan {
    public enum Mode: String, Sendable { case partial, final, single }

    public let name = "HashAggregateExec"
    public let mode: Mode
    public let input: any ExecutionPlan
    public let groupBy: [String]
    public let aggregates: [AggregateExpression]
    public let schema: Schema
    public let metrics = OperatorMetrics()
    /// The partial form of the aggregate, whose `merging` form the final mode uses.
    private let rawInputSchema: Schema

    /// `rawInputSchema`: the schema the aggregates were written against (for `final`, the
    /// input of the partial step; otherwise `input.schema`).
    public init(_ mode: Mode, _ input: any ExecutionPlan, groupBy: [String], aggregates: [AggregateExpression],
                rawInputSchema: Schema? = nil) throws {
        self.mode = mode
        self.input = input
        self.groupBy = groupBy
        self.aggregates = aggregates
        self.rawInputSchema = rawInputSchema ?? input.schema
        let partial = try HashAggregator(inputSchema: self.rawInputSchema, groupBy: groupBy, aggregates: aggregates)
        schema = partial.outputSchema
        if mode == .final, input.schema != schema {
            throw OperatorError.schemaMismatch(context: "final aggregate", expected: schema, found: input.schema)
        }
        if mode != .partial, !input.outputPartitioning.groups(groupBy, partitionCount: input.partitionCount) {
            throw OperatorError.invalidArgument("\(mode.rawValue) aggregate: its input (\(input.outputPartitioning)) does not "
                + "hold each group of [\(groupBy.joined(separator: ", "))] in one partition; repartition it on those keys")
        }
    }

    /// Partial aggregate → hash repartition on the keys → final aggregate: a complete
    /// group-by over any input, in parallel.
    public static func twoPhase(_ input: any ExecutionPlan, groupBy: [String], aggregates: [AggregateExpression],
                                partitions: Int) throws -> HashAggregateExec {
        let partial = try HashAggregateExec(.partial, input, groupBy: groupBy, aggregates: aggregates)
        let shuffled = try RepartitionExec(partial, keys: groupBy, partitions: partitions)
        return try HashAggregateExec(.final, shuffled, groupBy: groupBy, aggregates: aggregates,
                                     rawInputSchema: input.schema)
    }

    public var partitionCount: Int { input.partitionCount }
    /// Groups stay where their rows were; a partition column that is no group key is gone.
    public var outputPartitioning: OutputPartitioning { input.outputPartitioning.renamed([:], keeping: schema) }
    public var children: [any ExecutionPlan] { [input] }
    public var detail: String {
        "\(mode.rawValue), group by [\(groupBy.joined(separator: ", "))] "
            + aggregates.map { "\($0.function) as \($0.name)" }.joined(separator: ", ")
    }

    public func execute(partition: Int, context: TaskContext) throws -> BatchStream {
        let source = try input.execute(partition: partition, context: context)
        let aggregator = try makeAggregator(context)
        var output: IndexingIterator<[RecordBatch]>?
        let metrics = metrics
        return try metered(partition) {
            if output == nil {
                while let batch = try await source.next() { try aggregator.add(batch) }
                output = try aggregator.finish().makeIterator()
                metrics.add(spilledBytes: aggregator.spilledBytes)
            }
            return output?.next()
        }
    }

    private func makeAggregator(_ context: TaskContext) throws -> HashAggregator {
        let partial = try HashAggregator(inputSchema: rawInputSchema, groupBy: groupBy, aggregates: aggregates,
                                         budget: context.budget, spillDirectory: context.spill)
        return mode == .final
            ? try HashAggregator.merging(partial, budget: context.budget, spillDirectory: context.spill) : partial
    }
}
