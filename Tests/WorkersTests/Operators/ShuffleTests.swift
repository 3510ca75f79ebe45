import Columns
import Testing
@testable import Workers

@Suite("Shuffle")
struct ShuffleTests {
    @Test("partitioning keeps every row once and equal keys together")
    func partitioner() throws {
        let batches = OpData.batches(OpShape(rows: 2000, keyCardinality: 100, nullRate: 0.2, maxBatchRows: 300), seed: 51)
        let partitioner = try HashPartitioner(schema: OpData.schema, keys: ["customer", "store"], partitions: 7)
        var home: [OpRow: Int] = [:]
        var total: [OpRow] = []
        for batch in batches {
            let parts = try partitioner.split(batch)
            #expect(parts.count == 7)
            for (p, part) in parts.enumerated() {
                for row in opRows(part) {
                    total.append(row)
                    let key = [row[0], row[1]]
                    #expect(home[key, default: p] == p)
                    home[key] = p
                }
            }
        }
        #expect(opSorted(total) == opSorted(opRows(batches)))
        #expect(Set(home.values).count == 7, "100 keys should reach all 7 partitions")
    }

    @Test("the writer spills under a tiny budget and reads partitions back in arrival order")
    func writer() throws {
        let batches = OpData.batches(OpShape(rows: 3000, keyCardinality: 100, nullRate: 0.1, maxBatchRows: 200), seed: 52)
        let setup = try OpSpillSetup()
        let partitioner = try HashPartitioner(schema: OpData.schema, keys: ["store"], partitions: 3)
        let writer = try ShuffleWriter(schema: OpData.schema, keys: ["store"], partitions: 3, budget: setup.budget,
                                       spillDirectory: setup.directory)
        var expected: [[OpRow]] = [[], [], []]
        for batch in batches {
            try writer.write(batch)
            for (p, part) in try partitioner.split(batch).enumerated() { expected[p] += opRows(part) }
        }
        #expect(writer.spilledBytes > 0)
        let output = writer.finish()
        #expect(output.spilled)
        for p in 0 ..< 3 {
            #expect(opRows(try output.takePartition(p).readAll()) == expected[p])
        }
        #expect(throws: OperatorError.self) { _ = try output.takePartition(0) }
        #expect(setup.directory.fileNames().isEmpty)
        #expect(setup.budget.used == 0)
    }

    @Test("an operator's spill shuffle spreads one exchange partition over all its partitions")
    func spillSeedSpreadsNestedPartitions() throws {
        let batches = OpData.batches(OpShape(rows: 4000, keyCardinality: 2000, nullRate: 0, maxBatchRows: 500), seed: 53)
        let exchange = try HashPartitioner(schema: OpData.schema, keys: ["customer"], partitions: 8)
        let oneExchangePartition = try batches.map { try exchange.split($0)[3] }
        func reached(seed: UInt64) throws -> Int {
            let spill = try HashPartitioner(schema: OpData.schema, keys: ["customer"], partitions: 16, seed: seed)
            var used = Set<Int>()
            for batch in oneExchangePartition {
                for (p, part) in try spill.split(batch).enumerated() where part.rowCount > 0 { used.insert(p) }
            }
            return used.count
        }
        // The same seed reuses the exchange's top hash bits: 16 partitions collapse to 2.
        #expect(try reached(seed: HashPartitioner.defaultSeed) <= 2)
        #expect(try reached(seed: HashPartitioner.spillSeed) == 16)
    }
}
