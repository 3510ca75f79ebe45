import Columns

/// The rows of several inputs of one schema (UNION ALL).
/// - `concatenate`: the inputs' partitions side by side (n + m partitions).
/// - `interleave`: partition i is partition i of every input, in input order; the inputs
///   must have the same partition count and be hash-partitioned alike (DataFusion's
///   `InterleaveExec`), so keys stay together for the operator above.
public final class UnionExec: ExecutionPlan {
    public enum Mode: String, Sendable { case concatenate, interleave }

    public let name = "UnionExec"
    public let mode: Mode
    public let inputs: [any ExecutionPlan]
    public let schema: Schema
    public let metrics = OperatorMetrics()

    public init(_ inputs: [any ExecutionPlan], mode: Mode = .concatenate) throws {
        guard let first = inputs.first else { throw OperatorError.invalidArgument("union of no inputs") }
        for input in inputs where input.schema.fields.map(\.type) != first.schema.fields.map(\.type) {
            throw OperatorError.schemaMismatch(context: "union", expected: first.schema, found: input.schema)
        }
        if mode == .interleave, inputs.contains(where: { $0.partitionCount != first.partitionCount }) {
            throw OperatorError.invalidArgument("interleave needs inputs of one partition count, got "
                + inputs.map { String($0.partitionCount) }.joined(separator: ", "))
        }
        self.inputs = inputs
        self.mode = mode
        schema = first.schema
    }

    public var partitionCount: Int {
        mode == .interleave ? inputs[0].partitionCount : inputs.reduce(0) { $0 + $1.partitionCount }
    }

    /// Interleaved inputs that all share one partitioning keep it.
    public var outputPartitioning: OutputPartitioning {
        let first = inputs[0].outputPartitioning
        return mode == .interleave && inputs.allSatisfy({ $0.outputPartitioning == first }) ? first : .unknown
    }

    public var children: [any ExecutionPlan] { inputs }
    public var detail: String { mode.rawValue }

    public func execute(partition: Int, context: TaskContext) throws -> BatchStream {
        try checkedPartition(partition)
        var sources: [(plan: any ExecutionPlan, partition: Int)] = []
        switch mode {
        case .interleave:
            sources = inputs.map { ($0, partition) }
        case .concatenate:
            var offset = partition
            for input in inputs {
                if offset < input.partitionCount { sources = [(input, offset)]; break }
                offset -= input.partitionCount
            }
        }
        var pending = sources[...]
        var current: BatchStream?
        let schema = schema
        return try metered(partition) {
            while true {
                if let batch = try await current?.next() {
                    // Names follow the first input's schema.
                    return batch.schema == schema ? batch : RecordBatch(schema: schema, columns: batch.columns)
                }
                guard let next = pending.popFirst() else { return nil }
                current = try next.plan.execute(partition: next.partition, context: context)
            }
        }
    }
}
