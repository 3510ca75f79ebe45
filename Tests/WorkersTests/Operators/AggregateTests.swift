import Columns
import Testing
@testable import Workers

@Suite("Hash aggregation")
struct AggregateTests {
    static let aggregates = [
        AggregateExpression(.countAll, as: "n"), AggregateExpression(.count("amount"), as: "amounts"),
        AggregateExpression(.sum("amount"), as: "total"), AggregateExpression(.sum("qty"), as: "qty_sum"),
        AggregateExpression(.min("day"), as: "first_day"), AggregateExpression(.max("qty"), as: "max_qty"),
        AggregateExpression(.min("amount"), as: "min_amount"), AggregateExpression(.max("seq"), as: "last_seq"),
    ]

    /// Naive grouping over (customer, store): NULL keys form their own group.
    static func reference(_ batches: [RecordBatch], keyColumns: [Int] = [0, 1]) -> [OpRow] {
        var groups: [OpRow: [OpRow]] = [:]
        for row in opRows(batches) { groups[keyColumns.map { row[$0] }, default: []].append(row) }
        if keyColumns.isEmpty && groups.isEmpty { groups[[]] = [] }
        return opSorted(groups.map { key, rows in
            func values(_ column: Int) -> [Int64] {
                rows.compactMap { if case let .int(v) = $0[column] { v } else { nil } }
            }
            func orNull(_ v: Int64?) -> OpValue { v.map(OpValue.int) ?? .null }
            return key + [
                .int(Int64(rows.count)), .int(Int64(values(3).count)),
                values(3).isEmpty ? .null : .int(values(3).reduce(0, +)),
                values(4).isEmpty ? .null : .int(values(4).reduce(0, +)),
                orNull(values(5).min()), orNull(values(4).max()), orNull(values(3).min()), orNull(values(2).max()),
            ]
        })
    }

    /// Rows (key, count(*), sum(v)) of batches (k, v), in the order keys were first seen.
    static func countAndSumInFirstSeenOrder(_ batches: [RecordBatch]) -> [OpRow] {
        var order: [OpValue] = []
        var sums: [OpValue: (count: Int64, sum: Int64)] = [:]
        for row in opRows(batches) {
            if sums[row[0]] == nil { order.append(row[0]) }
            guard case let .int(v) = row[1] else { continue }
            sums[row[0], default: (0, 0)].count += 1
            sums[row[0], default: (0, 0)].sum += v
        }
        return order.map { key in [key, .int(sums[key]!.count), .int(sums[key]!.sum)] }
    }

    static func run(_ batches: [RecordBatch], groupBy: [String] = ["customer", "store"], setup: OpSpillSetup? = nil) throws -> (rows: [OpRow], spilled: Bool, schema: Schema) {
        let aggregator = try HashAggregator(inputSchema: OpData.schema, groupBy: groupBy, aggregates: aggregates,
                                            budget: setup?.budget ?? .unlimited(), spillDirectory: setup?.directory,
                                            spillPartitions: 4)
        for batch in batches { try aggregator.add(batch) }
        let spilled = aggregator.spilled
        return (opSorted(opRows(try aggregator.finish())), spilled, aggregator.outputSchema)
    }

    @Test("matches the naive reference (text + int keys, NULL keys, NULL values)", arguments: OpShape.all)
    func reference(shape: OpShape) throws {
        let batches = OpData.batches(shape, seed: 31)
        let got = try Self.run(batches)
        #expect(got.rows == Self.reference(batches))
        #expect(got.schema.fields.map(\.type) == [.text, .int64, .int64, .int64, .decimal(precision: 18, scale: 2),
                                                   .int64, .date, .int32, .decimal(precision: 10, scale: 2), .int64])
    }

    /// Tens of thousands of groups in 40,000-row batches: the table passes the caches in the
    /// first batch, so the later ones prefetch their probes, or not, or time both ways first.
    @Test("a table past the caches groups the same with its probes prefetched, not, or either after a trial",
          arguments: [ProbePrefetching.Policy.always, .never, .adaptive])
    func prefetchedProbes(policy: ProbePrefetching.Policy) throws {
        let batches = try OpData.largeBatches()
        let keys = [0, 1]
        let accumulators = try Self.aggregates.map { try Accumulator.resolve($0, in: OpData.schema) }
        let table = try AggregationTable(inputSchema: OpData.schema, keyColumns: keys, accumulators: accumulators,
                                         outputSchema: Schema(keys.map { OpData.schema.fields[$0] } + accumulators.map(\.output)),
                                         prefetch: policy)
        for batch in batches { try table.add(batch) }
        #expect(table.groupCount > 20_000)
        #expect(opSorted(opRows([try table.output()])) == Self.reference(batches))
    }

    @Test("global aggregation (no keys) yields one row, also for empty input", arguments: [0, 700])
    func global(rows: Int) throws {
        let batches = OpData.batches(OpShape(rows: rows, keyCardinality: 10, nullRate: 0.2, maxBatchRows: 100), seed: 32)
        let got = try Self.run(batches, groupBy: [])
        #expect(got.rows == Self.reference(batches, keyColumns: []))
        #expect(got.rows.count == 1)
    }

    @Test("partials merged after a shuffle equal a single aggregation")
    func partialsMerge() throws {
        let batches = OpData.batches(OpShape(rows: 3000, keyCardinality: 400, nullRate: 0.1, maxBatchRows: 250), seed: 33)
        var partials: [RecordBatch] = []
        var merger: HashAggregator?
        for slice in stride(from: 0, to: batches.count, by: 3) {
            let partial = try HashAggregator(inputSchema: OpData.schema, groupBy: ["customer", "store"], aggregates: Self.aggregates)
            for batch in batches[slice ..< min(slice + 3, batches.count)] { try partial.add(batch) }
            if merger == nil { merger = try HashAggregator.merging(partial) }
            partials += try partial.finish()
        }
        let final = try #require(merger)
        for batch in partials { try final.add(batch) }
        #expect(opSorted(opRows(try final.finish())) == Self.reference(batches))
    }

    @Test("a tiny budget spills partials and gives the in-memory result", arguments: OpShape.all)
    func spilling(shape: OpShape) throws {
        let batches = OpData.batches(shape, seed: 34)
        // 1 KiB: the 500-row shape has only a few dozen groups.
        let setup = try OpSpillSetup(limit: 1024)
        let got = try Self.run(batches, setup: setup)
        #expect(got.rows == Self.reference(batches))
        if shape.rows >= 500 { #expect(got.spilled) }
        #expect(setup.directory.fileNames().isEmpty)
        #expect(setup.budget.used == 0)
    }

    @Test("unsupported aggregates and overflow are errors")
    func errors() throws {
        #expect(throws: OperatorError.self) {
            _ = try HashAggregator(inputSchema: OpData.schema, groupBy: [], aggregates: [AggregateExpression(.sum("customer"), as: "x")])
        }
        #expect(throws: OperatorError.self) {
            _ = try HashAggregator(inputSchema: OpData.schema, groupBy: [], aggregates: [AggregateExpression(.sum("day"), as: "x")])
        }
        let schema = Schema([Field("k", .int64), Field("v", .int64)])
        let batch = RecordBatch(schema: schema, columns: [.int64(FixedColumn(values: [1, 1])), .int64(FixedColumn(values: [.max, 1]))])
        let aggregator = try HashAggregator(inputSchema: schema, groupBy: ["k"], aggregates: [AggregateExpression(.sum("v"), as: "s")])
        #expect(throws: OperatorError.arithmeticOverflow(context: "sum into s")) { try aggregator.add(batch) }
    }

    @Test("an overflow after spilling leaves no spill files behind")
    func errorMidway() throws {
        let setup = try OpSpillSetup(limit: 1024)
        let schema = Schema([Field("k", .int64), Field("v", .int64)])
        do {
            let aggregator = try HashAggregator(inputSchema: schema, groupBy: ["k"], aggregates: [AggregateExpression(.sum("v"), as: "s")],
                                                budget: setup.budget, spillDirectory: setup.directory)
            // Each batch alone sums fine; merged per key they overflow.
            for _ in 0 ..< 20 {
                let keys = ContiguousArray((0 ..< 200).map { Int64($0) })
                let values = ContiguousArray(repeating: Int64.max / 4, count: 200)
                try aggregator.add(RecordBatch(schema: schema, columns: [.int64(FixedColumn(values: keys)), .int64(FixedColumn(values: values))]))
            }
            #expect(aggregator.spilled)
            #expect(throws: OperatorError.self) { _ = try aggregator.finish() }
        }
        #expect(setup.directory.fileNames().isEmpty)
        #expect(setup.budget.used == 0)
    }

    @Test("one integer key (indexed directly while its values span little) matches the reference",
          arguments: [("store", 1), ("seq", 2), ("qty", 4), ("day", 5)])
    func oneIntegerKey(key: String, column: Int) throws {
        for shape in OpShape.all {
            let batches = OpData.batches(shape, seed: 35)
            let got = try Self.run(batches, groupBy: [key])
            #expect(got.rows == Self.reference(batches, keyColumns: [column]), "\(shape)")
        }
    }

    @Test("a key whose values outgrow the direct map mid-stream keeps its groups, in first-seen order")
    func directMapOutgrown() throws {
        let schema = Schema([Field("k", .int64), Field("v", .int64)])
        var random = SplitMix64(seed: 36)
        func batch(_ keys: [Int64?]) -> RecordBatch {
            let values = ContiguousArray(keys.map { $0 ?? 0 })
            let nulls = ContiguousArray(keys.map { $0 == nil })
            let v = ContiguousArray(keys.indices.map { _ in Int64(random.next() % 100) })
            return RecordBatch(schema: schema, columns: [.int64(FixedColumn(values: values, nulls: nulls)), .int64(FixedColumn(values: v))])
        }
        let narrow = (0 ..< 400).map { _ -> Int64? in Int64(random.next() % 60) - 5 }
        let wider = (0 ..< 400).map { _ -> Int64? in random.next() % 10 == 0 ? nil : Int64(random.next() % 60_000) }
        let wide = (0 ..< 400).map { i -> Int64? in
            i % 3 == 0 ? narrow[i] : Int64(bitPattern: random.next() % (1 << 41)) - (1 << 40)
        }
        let batches = [batch(narrow), batch(wider), batch(wide), batch(narrow + wider)]
        let aggregator = try HashAggregator(inputSchema: schema, groupBy: ["k"],
                                            aggregates: [AggregateExpression(.countAll, as: "n"), AggregateExpression(.sum("v"), as: "s")])
        for batch in batches { try aggregator.add(batch) }
        let got = opRows(try aggregator.finish())

        #expect(got == Self.countAndSumInFirstSeenOrder(batches))
    }

    @Test("a text key with value codes groups as without them, also when the codes lie",
          arguments: [false, true])
    func codedTextKey(lying: Bool) throws {
        let schema = Schema([Field("k", .text), Field("v", .int64)])
        var random = SplitMix64(seed: lying ? 38 : 37)
        let names = (0 ..< 20).map { "value-\($0)" }
        var batches: [RecordBatch] = []
        for _ in 0 ..< 3 {
            var keys = ByteColumn()
            keys.materializeNulls()
            var codes = ContiguousArray<Int32>()
            var values = ContiguousArray<Int64>()
            for _ in 0 ..< 2_000 {
                let pick = Int(random.next() % 22)
                if pick >= names.count {
                    keys.appendNull()
                    codes.append(-1)
                } else {
                    keys.append(Array(names[pick].utf8))
                    codes.append(lying ? Int32(random.next() % 20) : Int32(pick))
                }
                values.append(Int64(random.next() % 1000))
            }
            keys.valueCodes = ValueCodes(space: CodeSpace(), codes: codes)
            batches.append(RecordBatch(schema: schema, columns: [.text(keys), .int64(FixedColumn(values: values))]))
        }
        let aggregator = try HashAggregator(inputSchema: schema, groupBy: ["k"],
                                            aggregates: [AggregateExpression(.countAll, as: "n"), AggregateExpression(.sum("v"), as: "s")])
        for batch in batches { try aggregator.add(batch) }
        let got = opRows(try aggregator.finish())

        #expect(got == Self.countAndSumInFirstSeenOrder(batches))
    }
}
