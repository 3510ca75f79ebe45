import BenchSupport
import Benchmark
import Foundation
import Columns
import Partition
import Workers

/// Operator throughput on ~1M in-memory rows (MEDALLION_BENCH_ROWS): dedup, hash
/// aggregate, external sort and partitioned (grace) left join, each with an unlimited
/// memory budget ("memory") and with a 16 MB `MemoryBudget` that forces spilling
/// ("spill16MB"; with the default 1M rows the benchmark fails if nothing spilled, and
/// the memory runs fail if anything did).
///
/// One iteration = one operator fed every batch, then finished with its whole output
/// materialized. `input K rows/s` counts input rows (for the join: build + probe rows);
/// `spilled MB` is what the iteration wrote to spill files (compressed).
/// The data is generated once per benchmark process, in `setup`, outside the measurement.
let benchmarks: @Sendable () -> Void = {
    AllocatorTuning.keepLargeBuffers()  // as the medallion CLI does at start
    let metrics: [BenchmarkMetric] = [.wallClock, .cpuTotal, .peakMemoryResident, .kRowsPerSecond, .spilledMB]
    let setup: Benchmark.BenchmarkSetupHook = { _ = OperatorData.shared }

    for (mode, limit) in [("memory", Int.max), ("spill16MB", 16 << 20)] {
        func register(_ operation: String, maxSeconds: Int, _ body: @escaping @Sendable (OperatorData, MemoryBudget, SpillDirectory) throws -> (inputRows: Int, spilled: Bool)) {
            Benchmark("\(operation) \(mode)",
                      configuration: BenchEnvironment.configuration(metrics: metrics, maxSeconds: maxSeconds, maxIterations: 5),
                      closure: { benchmark in
                          let data = OperatorData.shared
                          let directory = try SpillDirectory()
                          defer { directory.close() }
                          let budget = MemoryBudget(limit: limit)
                          let start = ContinuousClock.now
                          let (rows, spilled) = try body(data, budget, directory)
                          let seconds = (ContinuousClock.now - start) / .seconds(1)
                          // Memory mode must never spill; the 16 MB mode must, once the input is
                          // clearly bigger than the budget (not so with a small MEDALLION_BENCH_ROWS).
                          let mustSpill = limit != Int.max && data.estimatedBytes > 2 * limit
                          guard limit == Int.max ? !spilled : (spilled || !mustSpill) else {
                              throw OperatorBenchError.unexpectedSpill(operation: operation, mode: mode, spilled: spilled)
                          }
                          benchmark.measurement(.kRowsPerSecond, Int((Double(rows) / 1000 / seconds).rounded()))
                          benchmark.measurement(.spilledMB, Int((Double(directory.metrics.spilledBytes) / 1e6).rounded()))
                      },
                      setup: setup)
        }

        register("dedup", maxSeconds: 6) { data, budget, directory in
            let dedup = try Deduplicator(schema: OperatorData.schema, keys: ["customer", "store"], order: [SortKey("seq")],
                                         budget: budget, spillDirectory: directory)
            for batch in data.batches { try dedup.add(batch) }
            let spilled = dedup.spilled
            let result = try dedup.finish()
            blackHole(result.keptRows + result.duplicateRows)
            return (data.rows, spilled)
        }

        register("aggregate", maxSeconds: 6) { data, budget, directory in
            let aggregator = try HashAggregator(inputSchema: OperatorData.schema, groupBy: ["customer", "store"],
                                                aggregates: OperatorData.aggregates, budget: budget, spillDirectory: directory)
            for batch in data.batches { try aggregator.add(batch) }
            let spilled = aggregator.spilled
            let groups = try aggregator.finish()
            blackHole(groups.reduce(0) { $0 + $1.rowCount })
            return (data.rows, spilled)
        }

        register("sort", maxSeconds: 6) { data, budget, directory in
            let sorter = try ExternalSorter(schema: OperatorData.schema, keys: [SortKey("customer"), SortKey("seq")],
                                            budget: budget, spillDirectory: directory)
            for batch in data.batches { try sorter.add(batch) }
            let spilled = sorter.spilled
            let sorted = try sorter.finishAll()
            blackHole(sorted.reduce(0) { $0 + $1.rowCount })
            return (data.rows, spilled)
        }

        register("grace left join", maxSeconds: 6) { data, budget, directory in
            let join = try PartitionedHashJoin(buildSchema: OperatorData.buildSchema, buildKeys: ["pcustomer", "pstore"],
                                               probeSchema: OperatorData.schema, probeKeys: ["customer", "store"],
                                               type: .leftOuter, budget: budget, spillDirectory: directory)
            for batch in data.buildBatches { try join.addBuild(batch) }
            for batch in data.batches { try join.addProbe(batch) }
            let spilled = join.spilledBytes > 0
            let outputs = try join.finish().joinAll()
            blackHole(outputs.reduce(0) { $0 + $1.joined.rowCount })
            return (data.rows + data.buildRows, spilled)
        }
    }
}

enum OperatorBenchError: Error, CustomStringConvertible {
    case unexpectedSpill(operation: String, mode: String, spilled: Bool)

    var description: String {
        switch self {
        case let .unexpectedSpill(operation, mode, spilled):
            "\(operation) \(mode): spilled = \(spilled), which this benchmark does not expect"
        }
    }
}

/// Seeded order-like rows, built once per process.
///
/// Probe/input side: text key `customer` (~200k distinct, 1% NULL), BIGINT key `store`
/// (13 values, 1% NULL; with `customer` about 200k groups, ~5 rows per key), unique
/// shuffled `seq`, `amount` DECIMAL(10,2), `qty` INT, `day` DATE; batches of 1...8192
/// rows. Build side: 300k product rows over the same keys (some keys repeat, 10% NULL
/// customers) with a `label` and a `price`.
final class OperatorData: Sendable {
    static let shared = OperatorData(rows: BenchEnvironment.rows, keys: 200_000, seed: 77)

    static let schema = Schema([
        Field("customer", .text), Field("store", .int64), Field("seq", .int64),
        Field("amount", .decimal(precision: 10, scale: 2)), Field("qty", .int32), Field("day", .date),
    ])
    static let buildSchema = Schema([Field("pcustomer", .text), Field("pstore", .int64), Field("label", .text), Field("price", .int64)])
    static let aggregates = [
        AggregateExpression(.countAll, as: "n"), AggregateExpression(.count("amount"), as: "amounts"),
        AggregateExpression(.sum("amount"), as: "total"), AggregateExpression(.sum("qty"), as: "qty_sum"),
        AggregateExpression(.min("day"), as: "first_day"), AggregateExpression(.max("qty"), as: "max_qty"),
        AggregateExpression(.min("amount"), as: "min_amount"), AggregateExpression(.max("seq"), as: "last_seq"),
    ]

    let rows: Int
    let batches: [RecordBatch]
    /// The operators' own size estimate of `batches` (what they charge to the budget).
    let estimatedBytes: Int
    let buildRows: Int
    let buildBatches: [RecordBatch]

    init(rows: Int, keys: Int, seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let nullRate = 0.01
        var sequence = Array(0 ..< Int64(rows))
        sequence.shuffle(using: &random)
        var batches: [RecordBatch] = []
        var produced = 0
        while produced < rows {
            let count = min(rows - produced, Int.random(in: 1 ... 8192, using: &random))
            var customer = ByteColumn(reservingRows: count, bytes: count * 12)
            var store = FixedColumn<Int64>(reservingRows: count), seq = FixedColumn<Int64>(reservingRows: count)
            var amount = FixedColumn<Int64>(reservingRows: count)
            var qty = FixedColumn<Int32>(reservingRows: count), day = FixedColumn<Int32>(reservingRows: count)
            for i in 0 ..< count {
                let key = Int.random(in: 0 ..< keys, using: &random)
                if Double.random(in: 0 ..< 1, using: &random) < nullRate {
                    customer.appendNull()
                } else {
                    customer.append(string: "cust-\(key)")
                }
                if Double.random(in: 0 ..< 1, using: &random) < nullRate { store.appendNull() } else { store.append(Int64(key % 13) - 6) }
                seq.append(sequence[produced + i])
                if Double.random(in: 0 ..< 1, using: &random) < nullRate { amount.appendNull() } else { amount.append(Int64.random(in: -100_000 ... 100_000, using: &random)) }
                if Double.random(in: 0 ..< 1, using: &random) < nullRate { qty.appendNull() } else { qty.append(Int32.random(in: -50 ... 50, using: &random)) }
                day.append(Int32.random(in: 18000 ... 20000, using: &random))
            }
            batches.append(RecordBatch(schema: Self.schema, columns: [.text(customer), .int64(store), .int64(seq), .decimal(amount), .int32(qty), .date(day)]))
            produced += count
        }
        self.rows = rows
        self.batches = batches
        estimatedBytes = batches.reduce(0) { $0 + $1.estimatedBytes }

        var buildBatches: [RecordBatch] = []
        for chunk in 0 ..< 3 {
            let count = keys / 2
            var customer = ByteColumn(reservingRows: count, bytes: count * 12), label = ByteColumn(reservingRows: count, bytes: count * 10)
            var store = FixedColumn<Int64>(reservingRows: count), price = FixedColumn<Int64>(reservingRows: count)
            for i in 0 ..< count {
                let key = Int.random(in: 0 ..< keys, using: &random)
                if Int.random(in: 0 ..< 10, using: &random) == 0 { customer.appendNull() } else { customer.append(string: "cust-\(key)") }
                store.append(Int64(key % 13) - 6)
                label.append(string: "p\(chunk)-\(i)")
                price.append(Int64(i))
            }
            buildBatches.append(RecordBatch(schema: Self.buildSchema, columns: [.text(customer), .int64(store), .text(label), .int64(price)]))
        }
        self.buildBatches = buildBatches
        buildRows = buildBatches.reduce(0) { $0 + $1.rowCount }
    }
}
