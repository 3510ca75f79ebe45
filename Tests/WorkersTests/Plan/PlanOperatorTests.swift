import Columns
import Testing
@testable import Workers

/// Each operator of the plan layer against the naive references of the operator tests, on
/// random data, with and without spilling, through `PlanExecution` as the pipeline runs it.
@Suite("Plan operators")
struct PlanOperatorTests {
    static let shapes = OpShape.all
    static let modes = [false, true]

    @Test("hash repartition keeps every row and puts each key in one partition", arguments: shapes, modes)
    func repartition(shape: OpShape, spilling: Bool) async throws {
        let batches = OpData.batches(shape, seed: 41)
        let (context, _) = try planContext(spilling: spilling)
        let plan = try RepartitionExec(memoryPlan(batches, partitions: 3), keys: ["customer", "store"], partitions: 5)
        #expect(plan.partitionCount == 5)
        let parts = try await PlanExecution.collectPartitions(plan, context: context)
        #expect(parts.count == 5)
        #expect(opSorted(opRows(parts.flatMap { $0 })) == opSorted(opRows(batches)))
        var owner: [OpRow: Int] = [:]
        for (index, part) in parts.enumerated() {
            for row in opRows(part) {
                let key = [row[0], row[1]]
                #expect(owner[key, default: index] == index, "key \(key) in two partitions")
                owner[key] = index
            }
        }
        if spilling, shape.rows >= 500 { #expect(plan.metrics.snapshot.spilledBytes > 0) }
    }

    @Test("round-robin repartition deals whole batches", arguments: [1, 4])
    func roundRobin(partitions: Int) async throws {
        let batches = OpData.batches(OpShape(rows: 900, keyCardinality: 9, nullRate: 0.1, maxBatchRows: 50), seed: 42)
        let plan = try RepartitionExec(memoryPlan(batches, partitions: 1), keys: [], partitions: partitions)
        let parts = try await PlanExecution.collectPartitions(plan, context: TaskContext(workers: 2))
        #expect(parts.count == partitions)
        #expect(opSorted(opRows(parts.flatMap { $0 })) == opSorted(opRows(batches)))
        if partitions > 1 { #expect(parts.allSatisfy { !$0.isEmpty }) }
    }

    @Test("partial → shuffle → final aggregate equals the naive grouping", arguments: shapes, modes)
    func twoPhaseAggregate(shape: OpShape, spilling: Bool) async throws {
        let batches = OpData.batches(shape, seed: 43)
        let (context, _) = try planContext(spilling: spilling)
        let plan = try HashAggregateExec.twoPhase(memoryPlan(batches, partitions: 3), groupBy: ["customer", "store"],
                                                  aggregates: AggregateTests.aggregates, partitions: 4)
        let rows = opSorted(opRows(try await PlanExecution.collect(plan, context: context)))
        #expect(rows == AggregateTests.reference(batches))
        #expect(plan.partitionCount == 4)
    }

    @Test("broadcast and partitioned hash joins equal nested loops", arguments: [JoinType.inner, .leftOuter], modes)
    func joins(type: JoinType, spilling: Bool) async throws {
        let probe = OpData.batches(OpShape(rows: 2000, keyCardinality: 300, nullRate: 0.05, maxBatchRows: 300), seed: 44)
        let build = JoinTests.buildBatches(keys: 300, seed: 45)
        let expected = JoinTests.reference(probe: probe, build: build, type: type).0
        let (context, _) = try planContext(spilling: spilling)
        let keys = [(build: "pcustomer", probe: "customer"), (build: "pstore", probe: "store")]
        let broadcast = try HashJoinExec(.broadcast, type, build: memoryPlan(build, partitions: 2, schema: JoinTests.buildSchema),
                                         probe: memoryPlan(probe, partitions: 3), on: keys)
        #expect(broadcast.partitionCount == 3)
        #expect(opSorted(opRows(try await PlanExecution.collect(broadcast, context: context))) == expected)
        let partitioned = try HashJoinExec(
            .partitioned, type,
            build: RepartitionExec(memoryPlan(build, partitions: 2, schema: JoinTests.buildSchema), keys: ["pcustomer", "pstore"], partitions: 4),
            probe: RepartitionExec(memoryPlan(probe, partitions: 3), keys: ["customer", "store"], partitions: 4), on: keys)
        #expect(opSorted(opRows(try await PlanExecution.collect(partitioned, context: context))) == expected)
        #expect(throws: OperatorError.self) {
            try HashJoinExec(.partitioned, type, build: memoryPlan(build, partitions: 2, schema: JoinTests.buildSchema),
                             probe: memoryPlan(probe, partitions: 3), on: keys)
        }
    }

    @Test("dedup over a key shuffle keeps the first row per key; the rest reach the duplicate sink", arguments: shapes, modes)
    func dedup(shape: OpShape, spilling: Bool) async throws {
        let batches = OpData.batches(shape, seed: 46)
        let (context, _) = try planContext(spilling: spilling)
        let dropped = Collected()
        let plan = try DedupExec(RepartitionExec(memoryPlan(batches, partitions: 3), keys: ["customer", "store"], partitions: 4),
                                 keys: ["customer", "store"], order: [SortKey("seq")]) { _, rows in dropped.add(rows) }
        let kept = opSorted(opRows(try await PlanExecution.collect(plan, context: context)))
        let expected = DedupTests.reference(batches, orderColumns: [2])
        #expect(kept == expected.kept)
        #expect(opSorted(opRows(dropped.all)) == expected.duplicates)
    }

    @Test("dedup with the shuffle built in: tables by some of the keys, known keys looked up after the input",
          arguments: shapes, modes)
    func dedupHashed(shape: OpShape, spilling: Bool) async throws {
        let batches = OpData.batches(shape, seed: 47)
        let existing = OpData.batches(OpShape(rows: 12, keyCardinality: shape.keyCardinality, nullRate: shape.nullRate,
                                              maxBatchRows: 12), seed: 147)
        let known = try KnownKeys(batches: existing, keys: ["customer", "store"], schema: OpData.schema)
        let (context, _) = try planContext(spilling: spilling)
        let dropped = Collected()
        let plan = try DedupExec(memoryPlan(batches, partitions: 3), keys: ["customer", "store"], order: [SortKey("seq")],
                                 partitioning: .hash(columns: ["customer"], partitions: 4),
                                 duplicates: { _, rows in dropped.add(rows) }, known: { known })
        #expect(plan.partitionCount == 4)
        let partitions = try await PlanExecution.collectPartitions(plan, context: context)
        // Tables by customer: no customer is in two output partitions.
        let customers = partitions.map { Set(opRows($0).map { $0[0] }) }
        for (i, a) in customers.enumerated() { for b in customers[(i + 1)...] { #expect(a.isDisjoint(with: b)) } }
        let expected = DedupTests.reference(batches, orderColumns: [2], known: Set(opRows(existing).map { [$0[0], $0[1]] }))
        #expect(opSorted(opRows(partitions.flatMap { $0 })) == expected.kept)
        #expect(opSorted(opRows(dropped.all)) == expected.duplicates)
        #expect(throws: OperatorError.self) {
            try DedupExec(memoryPlan(batches, partitions: 1), keys: ["customer"], order: [SortKey("seq")],
                          partitioning: .hash(columns: ["store"], partitions: 2))
        }
    }

    @Test("materialized output: every partition's batches back in order, spilled past the budget", arguments: shapes, modes)
    func materialized(shape: OpShape, spilling: Bool) async throws {
        let batches = OpData.batches(shape, seed: 51)
        let (context, _) = try planContext(spilling: spilling)
        let source = memoryPlan(batches, partitions: 3)
        let expected = try await PlanExecution.collectPartitions(memoryPlan(batches, partitions: 3), context: TaskContext(workers: 2))
        let held = try await MaterializedExec.run(source, context: context)
        #expect(held.partitionCount == 3)
        #expect(held.rows == batches.reduce(0) { $0 + $1.rowCount })
        if spilling, held.rows > 200 { #expect(held.spilledBytes > 0) }
        let back = try await PlanExecution.collectPartitions(held, context: context)
        #expect(back.map(opRows) == expected.map(opRows))
        #expect(throws: OperatorError.self) { try held.execute(partition: 0, context: context) }
    }

    @Test("keyed override: every preferred row, plus the first fallback row of each key the preferred side lacks",
          arguments: shapes, modes)
    func keyedOverride(shape: OpShape, spilling: Bool) async throws {
        let preferredInput = OpData.batches(shape, seed: 48)
        let fallbackInput = OpData.batches(OpShape(rows: shape.rows / 2 + 3, keyCardinality: shape.keyCardinality,
                                                   nullRate: shape.nullRate, maxBatchRows: shape.maxBatchRows), seed: 49)
        let (context, _) = try planContext(spilling: spilling)
        let keys = ["customer", "store"]
        // A preferred side distinct by key per partition, as a final aggregate's output is.
        let preferred = try DedupExec(RepartitionExec(memoryPlan(preferredInput, partitions: 2), keys: keys, partitions: 3),
                                      keys: keys, order: [SortKey("seq")])
        let fallback = try RepartitionExec(memoryPlan(fallbackInput, partitions: 1), keys: keys, partitions: 3)
        let plan = try KeyedOverrideExec(preferred: preferred, fallback: fallback, keys: keys, fallbackOrder: [SortKey("seq")])
        let output = opSorted(opRows(try await PlanExecution.collect(plan, context: context)))

        let preferredRows = DedupTests.reference(preferredInput, orderColumns: [2]).kept
        let preferredKeys = Set(preferredRows.map { [$0[0], $0[1]] })
        let survivors = DedupTests.reference(fallbackInput, orderColumns: [2]).kept.filter { !preferredKeys.contains([$0[0], $0[1]]) }
        #expect(output == opSorted(preferredRows + survivors))
        #expect(plan.partitionCount == 3)
    }

    @Test("keyed override refuses inputs of different schemas or partition counts")
    func keyedOverrideChecks() throws {
        let batches = OpData.batches(OpShape(rows: 10, keyCardinality: 3, nullRate: 0, maxBatchRows: 5), seed: 50)
        #expect(throws: OperatorError.self) {
            try KeyedOverrideExec(preferred: memoryPlan(batches, partitions: 2), fallback: memoryPlan(batches, partitions: 3),
                                  keys: ["customer"], fallbackOrder: [SortKey("seq")])
        }
        #expect(throws: OperatorError.self) {
            try KeyedOverrideExec(preferred: memoryPlan(batches, partitions: 2),
                                  fallback: ProjectionExec(memoryPlan(batches, partitions: 2), columns: ["customer", "seq"]),
                                  keys: ["customer"], fallbackOrder: [SortKey("seq")])
        }
    }

    @Test("sort (coalesced) orders every row; fetch keeps the top rows", arguments: shapes, modes)
    func sort(shape: OpShape, spilling: Bool) async throws {
        let batches = OpData.batches(shape, seed: 47)
        let (context, _) = try planContext(spilling: spilling)
        let keys = [SortKey("customer", descending: true, nullsFirst: false), SortKey("seq")]
        let all = opRows(batches).sorted { a, b in
            if a[0] != b[0] {
                if a[0] == .null { return false }
                if b[0] == .null { return true }
                return a[0] > b[0]
            }
            return a[2] < b[2]
        }
        let sorted = try SortExec(CoalescePartitionsExec(memoryPlan(batches, partitions: 3)), keys: keys)
        #expect(opRows(try await PlanExecution.collect(sorted, context: context)) == all)
        let top = try SortExec(CoalescePartitionsExec(memoryPlan(batches, partitions: 3)), keys: keys, fetch: 7)
        #expect(opRows(try await PlanExecution.collect(top, context: context)) == Array(all.prefix(7)))
    }

    @Test("limit skips and fetches across batch boundaries (no fetch: every row after the skip)",
          arguments: [(0, 5), (3, 10), (95, 100), (0, 0), (1000, 1), (3, nil), (0, nil), (1000, nil)] as [(Int, Int?)])
    func limit(skip: Int, fetch: Int?) async throws {
        let batches = OpData.batches(OpShape(rows: 100, keyCardinality: 9, nullRate: 0, maxBatchRows: 7), seed: 48)
        let plan = LimitExec(memoryPlan(batches, partitions: 1), skip: skip, fetch: fetch)
        let rows = opRows(try await PlanExecution.collect(plan, context: TaskContext(workers: 1)))
        #expect(rows == Array(opRows(batches).dropFirst(skip).prefix(fetch ?? .max)))
    }

    @Test("filter and projection apply per batch")
    func filterAndProject() async throws {
        let batches = OpData.batches(OpShape(rows: 2000, keyCardinality: 300, nullRate: 0.1, maxBatchRows: 300), seed: 49)
        let filtered = FilterExec(memoryPlan(batches, partitions: 3), "store > 0") { batch in
            guard case let .int64(store) = batch.columns[1] else { return [] }
            return ContiguousArray((0 ..< batch.rowCount).map { !store.isNull($0) && store.values[$0] > 0 })
        }
        let projected = try ProjectionExec(filtered, columns: ["seq", "store"])
        let rows = opSorted(opRows(try await PlanExecution.collect(projected, context: TaskContext(workers: 2))))
        let expected = opSorted(opRows(batches).filter { if case let .int(v) = $0[1] { v > 0 } else { false } }.map { [$0[2], $0[1]] })
        #expect(rows == expected)
        #expect(projected.schema.fields.map(\.name) == ["seq", "store"])
    }

    @Test("union concatenates partitions or interleaves them")
    func union() async throws {
        let a = OpData.batches(OpShape(rows: 300, keyCardinality: 9, nullRate: 0, maxBatchRows: 40), seed: 50)
        let b = OpData.batches(OpShape(rows: 200, keyCardinality: 9, nullRate: 0, maxBatchRows: 40), seed: 51)
        let context = TaskContext(workers: 2)
        let concatenated = try UnionExec([memoryPlan(a, partitions: 2), memoryPlan(b, partitions: 3)])
        #expect(concatenated.partitionCount == 5)
        #expect(opSorted(opRows(try await PlanExecution.collect(concatenated, context: context))) == opSorted(opRows(a + b)))
        let left = try RepartitionExec(memoryPlan(a, partitions: 2), keys: ["customer"], partitions: 3)
        let right = try RepartitionExec(memoryPlan(b, partitions: 1), keys: ["customer"], partitions: 3)
        let interleaved = try UnionExec([left, right], mode: .interleave)
        #expect(interleaved.partitionCount == 3)
        let parts = try await PlanExecution.collectPartitions(interleaved, context: context)
        var owner: [OpValue: Int] = [:]
        for (index, part) in parts.enumerated() {
            for row in opRows(part) {
                #expect(owner[row[0], default: index] == index)
                owner[row[0]] = index
            }
        }
        #expect(throws: OperatorError.self) { try UnionExec([memoryPlan(a, partitions: 2), memoryPlan(b, partitions: 3)], mode: .interleave) }
    }

    @Test("cancelling a running plan stops every partition")
    func cancellation() async throws {
        let plan = try HashAggregateExec.twoPhase(EndlessExec(partitions: 3), groupBy: ["customer"],
                                                  aggregates: [AggregateExpression(.countAll, as: "n")], partitions: 2)
        let task = Task { try await PlanExecution.collect(plan, context: TaskContext(workers: 2)) }
        try await Task.sleep(for: .milliseconds(200))
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
    }

    @Test("an error in one partition fails the plan")
    func failure() async throws {
        let batches = OpData.batches(OpShape(rows: 2000, keyCardinality: 30, nullRate: 0, maxBatchRows: 100), seed: 52)
        let failing = ProjectionExec(memoryPlan(batches, partitions: 4), schema: OpData.schema, "fails on partition data") { batch in
            guard case let .int64(seq) = batch.columns[2], !seq.values.contains(1234) else { throw PlannedFailure() }
            return batch
        }
        let plan = try RepartitionExec(failing, keys: ["customer"], partitions: 3)
        await #expect(throws: PlannedFailure.self) { try await PlanExecution.collect(plan, context: TaskContext(workers: 2)) }
    }

    @Test("plan text shows the tree with partitions, and after a run rows per operator")
    func explain() async throws {
        let batches = OpData.batches(OpShape(rows: 500, keyCardinality: 7, nullRate: 0, maxBatchRows: 64), seed: 53)
        let plan = try HashAggregateExec.twoPhase(memoryPlan(batches, partitions: 2), groupBy: ["customer"],
                                                  aggregates: [AggregateExpression(.countAll, as: "n")], partitions: 3)
        let text = PlanText.explain(plan)
        #expect(text.split(separator: "\n").map { String($0.prefix { $0 != ":" }) } ==
            ["HashAggregateExec", "  RepartitionExec", "    HashAggregateExec", "      MemoryExec"])
        #expect(text.contains("final, group by [customer]") && text.contains("[partitions=3]") && text.contains("[partitions=2]"))
        let rows = try await PlanExecution.collect(plan, context: TaskContext(workers: 2)).reduce(0) { $0 + $1.rowCount }
        let analyzed = PlanText.analyzed(plan)
        #expect(analyzed.split(separator: "\n").first?.contains("rows=\(rows) ") == true)
        #expect(analyzed.split(separator: "\n").last?.contains("rows=500 ") == true)
    }
}

/// Batches handed to a sink from many tasks.
final class Collected: Sendable {
    private let batches = Mutex<[RecordBatch]>([])
    func add(_ batch: RecordBatch) { batches.withLock { $0.append(batch) } }
    var all: [RecordBatch] { batches.withLock { $0 } }
}

import Synchronization
