#if canImport(Glibc)
import Glibc
#endif
import Partition
import Testing
@testable import Workers

/// Rough throughput of the operators on ~1M rows; opt-in (MEDALLION_PERF=1), best in release.
@Suite("Operator throughput", .enabled(if: getenv("MEDALLION_PERF") != nil))
struct OperatorThroughputTests {
    static let batches = OpData.batches(OpShape(rows: 1_000_000, keyCardinality: 200_000, nullRate: 0.01, maxBatchRows: 8192), seed: 77)

    func timed(_ label: String, _ body: () throws -> Void) rethrows {
        let clock = ContinuousClock()
        let elapsed = try clock.measure(body)
        print("[perf] \(label): \(elapsed)")
    }

    @Test func throughput() throws {
        let batches = Self.batches
        for (name, limit) in [("memory", Int.max), ("spill 16MB", 16 << 20)] {
            let directory = try SpillDirectory()
            let budget = MemoryBudget(limit: limit)
            try timed("dedup \(name)") {
                let dedup = try Deduplicator(schema: OpData.schema, keys: ["customer", "store"], order: [SortKey("seq")],
                                             budget: budget, spillDirectory: directory)
                for batch in batches { try dedup.add(batch) }
                _ = try dedup.finish()
            }
            try timed("aggregate \(name)") {
                let aggregator = try HashAggregator(inputSchema: OpData.schema, groupBy: ["customer", "store"],
                                                    aggregates: AggregateTests.aggregates, budget: budget, spillDirectory: directory)
                for batch in batches { try aggregator.add(batch) }
                _ = try aggregator.finish()
            }
            try timed("sort \(name)") {
                let sorter = try ExternalSorter(schema: OpData.schema, keys: [SortKey("customer"), SortKey("seq")],
                                                budget: budget, spillDirectory: directory)
                for batch in batches { try sorter.add(batch) }
                _ = try sorter.finishAll()
            }
            try timed("grace join \(name)") {
                let join = try PartitionedHashJoin(buildSchema: JoinTests.buildSchema, buildKeys: ["pcustomer", "pstore"],
                                                   probeSchema: OpData.schema, probeKeys: ["customer", "store"], type: .leftOuter,
                                                   budget: budget, spillDirectory: directory)
                for batch in JoinTests.buildBatches(keys: 200_000, seed: 1) { try join.addBuild(batch) }
                for batch in batches { try join.addProbe(batch) }
                _ = try join.finish().joinAll()
            }
            print("[perf] spilled \(name): \(directory.metrics.spilledBytes) bytes")
        }
    }
}
