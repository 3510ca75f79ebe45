import Columns

/// Runs a plan: every output partition is opened and drained by its own task, at most
/// `context.workers` partitions at a time (the cooperative pool has one thread per core;
/// operators that need more concurrency, like the map side of a shuffle, start their own
/// bounded task groups). The first error cancels the rest and is rethrown.
public enum PlanExecution {
    /// All batches of every partition, in partition order.
    public static func collect(_ plan: any ExecutionPlan, context: TaskContext) async throws -> [RecordBatch] {
        try await collectPartitions(plan, context: context).flatMap { $0 }
    }

    /// The batches of each partition.
    public static func collectPartitions(_ plan: any ExecutionPlan,
                                         context: TaskContext) async throws -> [[RecordBatch]] {
        try await parallelMap(Array(0 ..< plan.partitionCount), workers: context.workers) { partition in
            try await plan.execute(partition: partition, context: context).collect()
        }
    }

    /// Drains every partition, handing each batch to `consume` inside the partition's task
    /// (so what it does runs in parallel); returns the rows seen.
    @discardableResult
    public static func drain(_ plan: any ExecutionPlan, context: TaskContext,
                             _ consume: @escaping @Sendable (Int, RecordBatch) throws -> Void = { _, _ in }) async throws -> Int {
        let rows = try await parallelMap(Array(0 ..< plan.partitionCount), workers: context.workers) { partition in
            let stream = try plan.execute(partition: partition, context: context)
            var rows = 0
            while let batch = try await stream.next() {
                try consume(partition, batch)
                rows += batch.rowCount
            }
            return rows
        }
        return rows.reduce(0, +)
    }
}
