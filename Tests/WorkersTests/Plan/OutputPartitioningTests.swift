import Columns
import Testing
@testable import Workers

/// What plans promise about their partitions, and the operators that rely on it.
@Suite("Output partitioning")
struct OutputPartitioningTests {
    static let shape = OpShape(rows: 1500, keyCardinality: 40, nullRate: 0.05, maxBatchRows: 120)

    @Test("a dedup's built-in shuffle and a repartition on the same columns put a key in the same partition")
    func dedupAndRepartitionAlign() async throws {
        let left = OpData.batches(Self.shape, seed: 61), right = OpData.batches(Self.shape, seed: 62)
        let dedup = try DedupExec(memoryPlan(left, partitions: 3), keys: ["customer", "store", "seq"], order: [SortKey("seq")],
                                  partitioning: .hash(columns: ["customer"], partitions: 4))
        let repartition = try RepartitionExec(memoryPlan(right, partitions: 2), keys: ["customer"], partitions: 4)
        #expect(dedup.outputPartitioning == .hash(columns: ["customer"], count: 4))
        #expect(dedup.outputPartitioning == repartition.outputPartitioning)
        let context = TaskContext(workers: 2)
        var owner: [OpValue: Int] = [:]
        for plan in [dedup, repartition] as [any ExecutionPlan] {
            for (index, part) in try await PlanExecution.collectPartitions(plan, context: context).enumerated() {
                for row in opRows(part) {
                    #expect(owner[row[0], default: index] == index, "customer \(row[0]) in partitions \(owner[row[0]]!) and \(index)")
                    owner[row[0]] = index
                }
            }
        }
        #expect(owner.count > 10)
    }

    @Test("a single-step aggregate over input partitioned on some group keys equals the naive grouping",
          arguments: [false, true])
    func singleAggregate(spilling: Bool) async throws {
        let batches = OpData.batches(Self.shape, seed: 63)
        let (context, _) = try planContext(spilling: spilling)
        let input = try RepartitionExec(memoryPlan(batches, partitions: 2), keys: ["customer"], partitions: 3)
        let plan = try HashAggregateExec(.single, input, groupBy: ["customer", "store"], aggregates: AggregateTests.aggregates)
        #expect(plan.outputPartitioning == .hash(columns: ["customer"], count: 3))
        let rows = opSorted(opRows(try await PlanExecution.collect(plan, context: context)))
        #expect(rows == AggregateTests.reference(batches))
    }

    @Test("single and final aggregates refuse input that may split a group over partitions")
    func aggregateChecksPartitioning() throws {
        let batches = OpData.batches(Self.shape, seed: 64)
        #expect(throws: OperatorError.self) {
            try HashAggregateExec(.single, memoryPlan(batches, partitions: 3), groupBy: ["customer"],
                                  aggregates: AggregateTests.aggregates)
        }
        // Partitioned on a column that is not a group key: a group may be in several partitions.
        #expect(throws: OperatorError.self) {
            try HashAggregateExec(.single, RepartitionExec(memoryPlan(batches, partitions: 2), keys: ["seq"], partitions: 3),
                                  groupBy: ["customer"], aggregates: AggregateTests.aggregates)
        }
        // One partition holds every group.
        _ = try HashAggregateExec(.single, memoryPlan(batches, partitions: 1), groupBy: ["customer"],
                                  aggregates: AggregateTests.aggregates)
    }

    @Test("keyed override refuses inputs partitioned differently")
    func keyedOverrideChecksPartitioning() throws {
        let batches = OpData.batches(Self.shape, seed: 65)
        let keys = ["customer", "store"]
        #expect(throws: OperatorError.self) {
            try KeyedOverrideExec(preferred: RepartitionExec(memoryPlan(batches, partitions: 1), keys: ["customer"], partitions: 3),
                                  fallback: RepartitionExec(memoryPlan(batches, partitions: 1), keys: keys, partitions: 3),
                                  keys: keys, fallbackOrder: [SortKey("seq")])
        }
        _ = try KeyedOverrideExec(preferred: RepartitionExec(memoryPlan(batches, partitions: 1), keys: ["customer"], partitions: 3),
                                  fallback: RepartitionExec(memoryPlan(batches, partitions: 2), keys: ["customer"], partitions: 3),
                                  keys: keys, fallbackOrder: [SortKey("seq")])
    }

    @Test("projections keep a declared partitioning only while its columns remain")
    func renamed() {
        let partitioning = OutputPartitioning.hash(columns: ["customer"], count: 4)
        let renamedSchema = Schema([Field("customer_code", .text), Field("qty", .int32)])
        #expect(partitioning.renamed(["customer": "customer_code"], keeping: renamedSchema)
            == .hash(columns: ["customer_code"], count: 4))
        #expect(partitioning.renamed([:], keeping: renamedSchema) == .unknown)
        #expect(OutputPartitioning.unknown.renamed([:], keeping: OpData.schema) == .unknown)
        #expect(partitioning.groups(["customer", "store"], partitionCount: 4))
        #expect(!partitioning.groups(["store"], partitionCount: 4))
        #expect(!partitioning.groups(["customer"], partitionCount: 5))
    }
}
