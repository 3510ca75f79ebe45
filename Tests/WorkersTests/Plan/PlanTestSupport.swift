import Columns
@testable import Workers

/// Plans over the operator test data, spread over `partitions` in-memory partitions.
func memoryPlan(_ batches: [RecordBatch], partitions: Int, schema: Schema = OpData.schema) -> MemoryExec {
    var parts = Array(repeating: [RecordBatch](), count: max(1, partitions))
    for (index, batch) in batches.enumerated() { parts[index % parts.count].append(batch) }
    return MemoryExec(schema: schema, partitions: parts)
}

/// A context with a tiny budget and a spill folder when `spilling`, else unlimited.
func planContext(workers: Int = 2, spilling: Bool) throws -> (TaskContext, SpillDirectory?) {
    guard spilling else { return (TaskContext(workers: workers), nil) }
    let setup = try OpSpillSetup(limit: 4096)
    return (TaskContext(workers: workers, budget: setup.budget, spill: setup.directory), setup.directory)
}

/// A source that never ends (for cancellation): the same batch over and over.
final class EndlessExec: ExecutionPlan {
    let name = "EndlessExec"
    let detail = ""
    let schema = OpData.schema
    let partitionCount: Int
    let children: [any ExecutionPlan] = []
    let metrics = OperatorMetrics()
    private let batch: RecordBatch

    init(partitions: Int) {
        partitionCount = partitions
        batch = OpData.batches(OpShape(rows: 50, keyCardinality: 5, nullRate: 0, maxBatchRows: 50), seed: 1)[0]
    }

    func execute(partition: Int, context: TaskContext) throws -> BatchStream {
        let batch = batch
        return BatchStream(schema: schema, metrics: metrics) {
            await Task.yield()
            return batch
        }
    }
}

/// A test failure of a plan's own making.
struct PlannedFailure: Error, Equatable {}
