import Columns
import Partition
import Testing
@testable import Workers

@Suite("Dedup")
struct DedupTests {
    /// Naive reference: per key (customer, store) keep the row with the smallest (order columns…, whole row).
    static func reference(_ batches: [RecordBatch], orderColumns: [Int], known: Set<OpRow> = []) -> (kept: [OpRow], duplicates: [OpRow]) {
        var best: [OpRow: OpRow] = [:]
        var all: [OpRow] = []
        for row in opRows(batches) {
            all.append(row)
            let key = [row[0], row[1]]
            if known.contains(key) { continue }
            let rank = orderColumns.map { row[$0] } + row
            if let current = best[key], !rank.lexicographicallyPrecedes(orderColumns.map { current[$0] } + current) { continue }
            best[key] = row
        }
        let kept = Array(best.values)
        var keptCounts: [OpRow: Int] = [:]
        for row in kept { keptCounts[row, default: 0] += 1 }
        var remaining: [OpRow] = []
        for row in all {
            if let count = keptCounts[row], count > 0 { keptCounts[row] = count - 1 } else { remaining.append(row) }
        }
        return (opSorted(kept), opSorted(remaining))
    }

    static func run(_ batches: [RecordBatch], order: [SortKey] = [SortKey("seq")], known: KnownKeys? = nil,
                    setup: OpSpillSetup? = nil) throws -> (kept: [OpRow], duplicates: [OpRow], spilled: Bool) {
        let dedup = try Deduplicator(schema: OpData.schema, keys: ["customer", "store"], order: order, known: known,
                                     budget: setup?.budget ?? .unlimited(), spillDirectory: setup?.directory,
                                     spillPartitions: 4)
        for batch in batches { try dedup.add(batch) }
        let spilled = dedup.spilled
        let result = try dedup.finish()
        return (opSorted(opRows(result.kept)), opSorted(opRows(result.duplicates)), spilled)
    }

    @Test("matches the naive reference", arguments: OpShape.all)
    func reference(shape: OpShape) throws {
        for seed: UInt64 in [1, 2] {
            let batches = OpData.batches(shape, seed: seed)
            let expected = Self.reference(batches, orderColumns: [2])
            let got = try Self.run(batches)
            #expect(got.kept == expected.kept)
            #expect(got.duplicates == expected.duplicates)
            #expect(got.kept.count + got.duplicates.count == shape.rows)
        }
    }

    /// Tens of thousands of keys in 40,000-row batches: the table passes the caches in the
    /// first batch, so the later ones prefetch their probes, or not, or time both ways first.
    @Test("a table past the caches dedups the same with its probes prefetched, not, or either after a trial",
          arguments: [ProbePrefetching.Policy.always, .never, .adaptive])
    func prefetchedProbes(policy: ProbePrefetching.Policy) throws {
        let batches = try OpData.largeBatches()
        let schema = OpData.schema
        let table = DedupTable(keyColumns: [0, 1], order: try RowComparator(schema: schema, keys: [SortKey("seq")]),
                               tieBreaker: try RowEncoder(schema: schema, columns: schema.fields.map(\.name)), prefetch: policy)
        for batch in batches { _ = try table.add(batch) }
        var kept: [RecordBatch] = [], duplicates: [RecordBatch] = []
        while let piece = try table.nextPiece() {
            kept += piece.kept
            duplicates += piece.duplicates
        }
        let expected = Self.reference(batches, orderColumns: [2])
        #expect(expected.kept.count > 20_000)
        #expect(opSorted(opRows(kept)) == expected.kept)
        #expect(opSorted(opRows(duplicates)) == expected.duplicates)
    }

    @Test("a two-column order key (day, seq) decides which row is first")
    func pairOrder() throws {
        let batches = OpData.batches(OpShape(rows: 1500, keyCardinality: 60, nullRate: 0.1, maxBatchRows: 200), seed: 9)
        let expected = Self.reference(batches, orderColumns: [5, 2])
        let got = try Self.run(batches, order: [SortKey("day"), SortKey("seq")])
        #expect(got.kept == expected.kept)
        #expect(got.duplicates == expected.duplicates)
    }

    @Test("batch arrival order and batch boundaries do not change the result")
    func arrivalOrder() throws {
        let shape = OpShape(rows: 2000, keyCardinality: 100, nullRate: 0.1, maxBatchRows: 150)
        let batches = OpData.batches(shape, seed: 4)
        let baseline = try Self.run(batches, order: [SortKey("day")])
        var random = SplitMix64(seed: 99)
        for _ in 0 ..< 3 {
            var shuffled = batches
            shuffled.shuffle(using: &random)
            // Also cut into different batches, rows reversed within each.
            let all = try RecordBatch.concat(shuffled, schema: OpData.schema)
            let reversed = try all.gather((0 ..< all.rowCount).reversed())
            let rechunked = try stride(from: 0, to: reversed.rowCount, by: 77).map {
                try reversed.gather($0 ..< min($0 + 77, reversed.rowCount))
            }
            let got = try Self.run(rechunked, order: [SortKey("day")])
            #expect(got.kept == baseline.kept)
            #expect(got.duplicates == baseline.duplicates)
        }
    }

    @Test("keys already known (e.g. in silver) make all their rows duplicates")
    func knownKeys() throws {
        let batches = OpData.batches(OpShape(rows: 1000, keyCardinality: 40, nullRate: 0.1, maxBatchRows: 100), seed: 5)
        let existing = OpData.batches(OpShape(rows: 30, keyCardinality: 40, nullRate: 0.1, maxBatchRows: 30), seed: 6)
        let known = try KnownKeys(batches: existing, keys: ["customer", "store"], schema: OpData.schema)
        let knownSet = Set(opRows(existing).map { [$0[0], $0[1]] })
        let expected = Self.reference(batches, orderColumns: [2], known: knownSet)
        let got = try Self.run(batches, known: known)
        #expect(got.kept == expected.kept)
        #expect(got.duplicates == expected.duplicates)
        #expect(!knownSet.isEmpty)
        let setup = try OpSpillSetup()
        let spilled = try Self.run(batches, known: known, setup: setup)
        #expect(spilled.spilled)
        #expect(spilled.kept == expected.kept)
        #expect(spilled.duplicates == expected.duplicates)
    }

    @Test("a tiny budget spills and gives the in-memory result; spill files are gone afterwards", arguments: OpShape.all)
    func spilling(shape: OpShape) throws {
        let batches = OpData.batches(shape, seed: 7)
        let inMemory = try Self.run(batches)
        let setup = try OpSpillSetup()
        let spilled = try Self.run(batches, setup: setup)
        #expect(spilled.kept == inMemory.kept)
        #expect(spilled.duplicates == inMemory.duplicates)
        if shape.rows >= 500 {
            #expect(spilled.spilled)
            #expect(setup.directory.metrics.spilledBytes > 0)
        }
        #expect(setup.directory.fileNames().isEmpty)
        #expect(setup.budget.used == 0)
        setup.directory.close()
        #expect(!setup.directory.exists)
    }

    @Test("an error after spilling leaves no spill files behind")
    func errorMidway() throws {
        let setup = try OpSpillSetup()
        let batches = OpData.batches(OpShape(rows: 2000, keyCardinality: 100, nullRate: 0.1, maxBatchRows: 200), seed: 8)
        do {
            let dedup = try Deduplicator(schema: OpData.schema, keys: ["customer"], order: [SortKey("seq")],
                                         budget: setup.budget, spillDirectory: setup.directory)
            for batch in batches { try dedup.add(batch) }
            #expect(dedup.spilled)
            #expect(!setup.directory.fileNames().isEmpty)
            let wrong = try batches[0].project(["seq"])
            #expect(throws: OperatorError.self) { try dedup.add(wrong) }
        }
        #expect(setup.directory.fileNames().isEmpty)
        #expect(setup.budget.used == 0)
    }

    @Test("a spilled partition is finished in pieces that add up to the reference, one spill partition at a time")
    func partitionedPieces() throws {
        let batches = OpData.batches(OpShape(rows: 6000, keyCardinality: 800, nullRate: 0.1, maxBatchRows: 300), seed: 10)
        let expected = Self.reference(batches, orderColumns: [2])
        let setup = try OpSpillSetup()
        let dedup = try PartitionedDeduplicator(schema: OpData.schema, keys: ["customer", "store"], order: [SortKey("seq")],
                                                partitions: 4, budget: setup.budget, spillDirectory: setup.directory)
        for batch in batches { try dedup.add(batch) }
        var kept: [OpRow] = [], duplicates: [OpRow] = []
        var pieces = 0
        var keyPartition: [OpRow: Int] = [:]
        for partition in 0 ..< dedup.partitions {
            try dedup.take(partition: partition).finish { piece in
                pieces += 1
                for row in opRows(piece.kept) + opRows(piece.duplicates) {
                    #expect(keyPartition[[row[0], row[1]], default: partition] == partition, "a key spans two partitions")
                    keyPartition[[row[0], row[1]]] = partition
                }
                kept += opRows(piece.kept)
                duplicates += opRows(piece.duplicates)
            }
        }
        // Spilled partitions come back as one piece per spill partition, not all at once.
        #expect(pieces > 2 * dedup.partitions)
        #expect(opSorted(kept) == expected.kept)
        #expect(opSorted(duplicates) == expected.duplicates)
        #expect(setup.directory.fileNames().isEmpty)
        #expect(setup.budget.used == 0)
    }

    @Test("partitioned by a subset of the keys: each partition owns its customers, the result is the reference")
    func partitionedBySubset() throws {
        let batches = OpData.batches(OpShape(rows: 4000, keyCardinality: 500, nullRate: 0.1, maxBatchRows: 250), seed: 12)
        let expected = Self.reference(batches, orderColumns: [2])
        let dedup = try PartitionedDeduplicator(schema: OpData.schema, keys: ["customer", "store"], partitionBy: ["customer"],
                                                order: [SortKey("seq")], partitions: 4)
        for batch in batches { try dedup.add(batch) }
        var kept: [OpRow] = [], duplicates: [OpRow] = []
        var customerHome: [OpValue: Int] = [:]
        for partition in 0 ..< dedup.partitions {
            let result = try dedup.take(partition: partition).finish()
            for row in opRows(result.kept) + opRows(result.duplicates) {
                #expect(customerHome[row[0], default: partition] == partition, "a customer spans two partitions")
                customerHome[row[0]] = partition
            }
            kept += opRows(result.kept)
            duplicates += opRows(result.duplicates)
        }
        #expect(Set(customerHome.values).count > 1)
        #expect(opSorted(kept) == expected.kept)
        #expect(opSorted(duplicates) == expected.duplicates)
        #expect(throws: OperatorError.self) {
            try PartitionedDeduplicator(schema: OpData.schema, keys: ["customer"], partitionBy: ["store"],
                                        order: [SortKey("seq")], partitions: 4)
        }
    }
}
