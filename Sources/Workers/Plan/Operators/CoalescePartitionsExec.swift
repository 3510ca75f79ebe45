import Columns

/// Merges every input partition into one: the input partitions run concurrently (up to
/// the worker count) and their batches arrive as they are made, through a bounded queue
/// (so a slow consumer holds the producers back). Row order across partitions is not kept.
public final class CoalescePartitionsExec: ExecutionPlan {
    public let name = "CoalescePartitionsExec"
    public let input: any ExecutionPlan
    public let metrics = OperatorMetrics()

    public init(_ input: any ExecutionPlan) { self.input = input }

    public var schema: Schema { input.schema }
    public let partitionCount = 1
    public var children: [any ExecutionPlan] { [input] }
    public var detail: String { "" }

    public func execute(partition: Int, context: TaskContext) throws -> BatchStream {
        try checkedPartition(partition)
        if input.partitionCount == 1 {
            let only = try input.execute(partition: 0, context: context)
            return try metered(partition) { try await only.next() }
        }
        let channel = BoundedChannel<RecordBatch>(capacity: 2 * context.workers)
        let input = input
        var producer: Task<Void, Never>?
        return try metered(partition) {
            if producer == nil {
                producer = WorkerThreads.task {
                    do {
                        _ = try await parallelMap(Array(0 ..< input.partitionCount), workers: context.workers) { part in
                            let stream = try input.execute(partition: part, context: context)
                            while let batch = try await stream.next() { try await channel.send(batch) }
                        }
                        channel.close()
                    } catch {
                        channel.fail(error)
                    }
                }
            }
            return try await withTaskCancellationHandler {
                try await channel.receive()
            } onCancel: { [producer] in producer?.cancel() }
        }
    }
}
