import Columns
import Partition
import Testing
@testable import Workers

@Suite("Hash join")
struct JoinTests {
    /// Build side: products keyed by (customer, store) with a `label` and a price; some keys repeat.
    static let buildSchema = Schema([Field("pcustomer", .text), Field("pstore", .int64), Field("label", .text), Field("price", .int64)])

    static func buildBatches(keys: Int, seed: UInt64) -> [RecordBatch] {
        var random = SplitMix64(seed: seed)
        var batches: [RecordBatch] = []
        for chunk in 0 ..< 3 {
            var customer = ByteColumn(), label = ByteColumn()
            var store = FixedColumn<Int64>(), price = FixedColumn<Int64>()
            for i in 0 ..< keys / 2 {
                let key = Int.random(in: 0 ..< keys, using: &random)
                if Int.random(in: 0 ..< 10, using: &random) == 0 { customer.appendNull() } else {
                    customer.append(string: key % 11 == 3 ? "c\u{0}\u{1}\(key)" : "cust-\(key)")
                }
                store.append(Int64(key % 13) - 6)
                label.append(string: "p\(chunk)-\(i)")
                price.append(Int64(i))
            }
            batches.append(RecordBatch(schema: buildSchema, columns: [.text(customer), .int64(store), .text(label), .int64(price)]))
        }
        return batches
    }

    /// Naive nested-loop join. Returns (joined rows, unmatched probe rows).
    static func reference(probe: [RecordBatch], build: [RecordBatch], type: JoinType) -> ([OpRow], [OpRow]) {
        let buildRows = opRows(build)
        var joined: [OpRow] = [], unmatched: [OpRow] = []
        for row in opRows(probe) {
            let matches = row[0] == .null || row[1] == .null ? [] : buildRows.filter { $0[0] == row[0] && $0[1] == row[1] }
            if matches.isEmpty {
                unmatched.append(row)
                if type == .leftOuter { joined.append(row + [.null, .null]) }
            }
            for match in matches { joined.append(row + [match[2], match[3]]) }
        }
        return (opSorted(joined), opSorted(unmatched))
    }

    static func broadcast(probe: [RecordBatch], build: [RecordBatch], type: JoinType) throws -> BroadcastHashJoin {
        try BroadcastHashJoin(buildSchema: buildSchema, buildBatches: build, buildKeys: ["pcustomer", "pstore"],
                              probeSchema: OpData.schema, probeKeys: ["customer", "store"], type: type)
    }

    @Test("broadcast join matches nested loops (inner and left outer, NULL keys never match)", arguments: OpShape.all)
    func broadcastReference(shape: OpShape) throws {
        let probe = OpData.batches(shape, seed: 21)
        let build = Self.buildBatches(keys: max(2, shape.keyCardinality), seed: 22)
        for type in [JoinType.inner, .leftOuter] {
            let join = try Self.broadcast(probe: probe, build: build, type: type)
            let outputs = try probe.map { try join.probe($0) }
            let (joined, unmatched) = Self.reference(probe: probe, build: build, type: type)
            #expect(opSorted(opRows(outputs.map(\.joined))) == joined)
            #expect(opSorted(opRows(outputs.map(\.unmatched))) == unmatched)
            #expect(join.outputSchema.fields.map(\.name) == OpData.schema.fields.map(\.name) + ["label", "price"])
        }
    }

    @Test("a batch's output in pieces of at most n rows: the same rows in the same order, chains cut anywhere",
          arguments: [1, 3, 7, 1000])
    func pieces(maxRows: Int) throws {
        let probe = OpData.batches(OpShape(rows: 500, keyCardinality: 7, nullRate: 0.1, maxBatchRows: 200), seed: 23)
        let build = Self.buildBatches(keys: 7, seed: 24)  // few keys, many build rows each: long chains
        for type in [JoinType.inner, .leftOuter] {
            let prober = try HashJoinProbe(build: JoinBuildSide(schema: Self.buildSchema, batches: build, keys: ["pcustomer", "pstore"]),
                                           probeSchema: OpData.schema, probeKeys: ["customer", "store"], type: type)
            for batch in probe {
                var pieces = try prober.pieces(batch, maxRows: maxRows)
                var rows: [OpRow] = []
                while let piece = try pieces.next() {
                    #expect(piece.rowCount >= 1 && piece.rowCount <= maxRows)
                    rows += opRows([piece])
                }
                #expect(rows == opRows([try prober.probe(batch).joined]))
            }
        }
    }

    @Test("parallel probing gives the same outputs in input order")
    func parallelProbe() async throws {
        let probe = OpData.batches(OpShape(rows: 3000, keyCardinality: 200, nullRate: 0.1, maxBatchRows: 100), seed: 23)
        let build = Self.buildBatches(keys: 200, seed: 24)
        let join = try Self.broadcast(probe: probe, build: build, type: .leftOuter)
        let parallel = try await join.probeAll(probe, maxConcurrency: 4)
        let serial = try probe.map { try join.probe($0) }
        #expect(parallel.map(\.joined) == serial.map(\.joined))
        #expect(parallel.map(\.unmatched) == serial.map(\.unmatched))
    }

    @Test("partitioned (grace) join equals the broadcast join, in memory and spilling", arguments: OpShape.all)
    func partitioned(shape: OpShape) throws {
        let probe = OpData.batches(shape, seed: 25)
        let build = Self.buildBatches(keys: max(2, shape.keyCardinality), seed: 26)
        for type in [JoinType.inner, .leftOuter] {
            let (joined, unmatched) = Self.reference(probe: probe, build: build, type: type)
            for setup in [nil, try OpSpillSetup()] {
                let join = try PartitionedHashJoin(
                    buildSchema: Self.buildSchema, buildKeys: ["pcustomer", "pstore"], probeSchema: OpData.schema,
                    probeKeys: ["customer", "store"], type: type, partitions: 5,
                    budget: setup?.budget ?? .unlimited(), spillDirectory: setup?.directory)
                for batch in build { try join.addBuild(batch) }
                for batch in probe { try join.addProbe(batch) }
                if let setup, shape.rows >= 500 { #expect(setup.directory.metrics.spilledBytes > 0) }
                let outputs = try join.finish().joinAll()
                #expect(opSorted(opRows(outputs.map(\.joined))) == joined)
                #expect(opSorted(opRows(outputs.map(\.unmatched))) == unmatched)
                if let setup {
                    #expect(setup.directory.fileNames().isEmpty)
                    #expect(setup.budget.used == 0)
                }
            }
        }
    }

    @Test("mismatched key types and clashing column names are rejected")
    func rejects() throws {
        let build = Self.buildBatches(keys: 10, seed: 1)
        #expect(throws: OperatorError.self) {
            _ = try BroadcastHashJoin(buildSchema: Self.buildSchema, buildBatches: build, buildKeys: ["pstore"],
                                      probeSchema: OpData.schema, probeKeys: ["qty"], type: .inner)
        }
        let clashing = Schema(OpData.schema.fields.map { field in
            var renamed = field
            if renamed.name == "customer" { renamed.name = "pcustomer" }
            return renamed
        })
        #expect(throws: OperatorError.self) {
            _ = try BroadcastHashJoin(buildSchema: Self.buildSchema, buildBatches: build, buildKeys: ["pstore"],
                                      probeSchema: clashing, probeKeys: ["store"], type: .inner,
                                      buildColumns: ["pcustomer"])
        }
    }

    @Test("an error while joining spilled partitions leaves no spill files behind")
    func errorMidway() throws {
        let setup = try OpSpillSetup()
        let probe = OpData.batches(OpShape(rows: 2000, keyCardinality: 100, nullRate: 0.1, maxBatchRows: 200), seed: 27)
        do {
            let join = try PartitionedHashJoin(
                buildSchema: Self.buildSchema, buildKeys: ["pcustomer", "pstore"], probeSchema: OpData.schema,
                probeKeys: ["customer", "store"], type: .inner, partitions: 4,
                budget: setup.budget, spillDirectory: setup.directory)
            for batch in Self.buildBatches(keys: 100, seed: 28) { try join.addBuild(batch) }
            for batch in probe { try join.addProbe(batch) }
            let partitions = join.finish()
            #expect(!setup.directory.fileNames().isEmpty)
            struct Stop: Error {}
            #expect(throws: Stop.self) { try partitions.joinPartition(0) { _ in throw Stop() } }
        }
        #expect(setup.directory.fileNames().isEmpty)
        #expect(setup.budget.used == 0)
    }
}
