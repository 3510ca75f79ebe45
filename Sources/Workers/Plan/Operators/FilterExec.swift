import Columns

/// Keeps the rows for which `predicate` is true, batch by batch.
public final class FilterExec: ExecutionPlan {
    public let name = "FilterExec"
    public let detail: String
    public let input: any ExecutionPlan
    public let metrics = OperatorMetrics()
    private let predicate: @Sendable (RecordBatch) throws -> ContiguousArray<Bool>

    public init(_ input: any ExecutionPlan, _ description: String,
                predicate: @escaping @Sendable (RecordBatch) throws -> ContiguousArray<Bool>) {
        self.input = input
        detail = description
        self.predicate = predicate
    }

    public var schema: Schema { input.schema }
    public var partitionCount: Int { input.partitionCount }
    public var outputPartitioning: OutputPartitioning { input.outputPartitioning }
    public var children: [any ExecutionPlan] { [input] }

    public func execute(partition: Int, context: TaskContext) throws -> BatchStream {
        let source = try input.execute(partition: partition, context: context)
        let predicate = predicate
        return try metered(partition) {
            guard let batch = try await source.next() else { return nil }
            return try FilterOperator.filter(batch, mask: try predicate(batch))
        }
    }
}
