import Columns
import Synchronization
import Testing
@testable import Workers

/// A plan that counts how often each partition of its input is executed.
private final class CountingExec: ExecutionPlan {
    let name = "CountingExec"
    let detail = ""
    let input: any ExecutionPlan
    let metrics = OperatorMetrics()
    let executions = Mutex<[Int: Int]>([:])

    init(_ input: any ExecutionPlan) { self.input = input }
    var schema: Schema { input.schema }
    var partitionCount: Int { input.partitionCount }
    var children: [any ExecutionPlan] { [input] }

    func execute(partition: Int, context: TaskContext) throws -> BatchStream {
        executions.withLock { $0[partition, default: 0] += 1 }
        return try input.execute(partition: partition, context: context)
    }
}

@Suite("SharedPlanExec: one plan, several readers")
struct SharedPlanExecTests {
    static let shapes = [OpShape(rows: 0, keyCardinality: 1, nullRate: 0, maxBatchRows: 10),
                         OpShape(rows: 2_000, keyCardinality: 40, nullRate: 0.1, maxBatchRows: 128)]

    @Test("each partition runs once; every reader gets all of its batches in order, spilled or not",
          arguments: shapes, [false, true])
    func readers(shape: OpShape, spilling: Bool) async throws {
        let batches = OpData.batches(shape, seed: 61)
        let (context, _) = try planContext(spilling: spilling)
        let counting = CountingExec(memoryPlan(batches, partitions: 3))
        let shared = SharedPlanExec(counting).addConsumer().addConsumer().addConsumer()
        let plan = try UnionExec([shared, shared, shared])
        let partitions = try await PlanExecution.collectPartitions(plan, context: context)
        let expected = try await PlanExecution.collectPartitions(memoryPlan(batches, partitions: 3), context: TaskContext(workers: 2))
        #expect(partitions.count == 9)
        for reader in 0 ..< 3 {
            #expect(partitions[(reader * 3) ..< (reader * 3 + 3)].map(opRows) == expected.map(opRows))
        }
        #expect(counting.executions.withLock { $0 } == [0: 1, 1: 1, 2: 1])
    }

    @Test("one reader: a pass-through that runs its input directly")
    func oneReader() async throws {
        let batches = OpData.batches(OpShape(rows: 500, keyCardinality: 10, nullRate: 0, maxBatchRows: 64), seed: 62)
        let counting = CountingExec(memoryPlan(batches, partitions: 2))
        let shared = SharedPlanExec(counting).addConsumer()
        let rows = opRows(try await PlanExecution.collect(shared, context: TaskContext(workers: 2)))
        #expect(opSorted(rows) == opSorted(opRows(batches)))
        #expect(shared.detail == "read by 1")
        #expect(counting.executions.withLock { $0 } == [0: 1, 1: 1])
    }
}
