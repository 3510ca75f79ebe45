import Columns
import Testing
import Partition
@testable import Workers

/// A cell value for naive reference implementations (NULL sorts first).
enum OpValue: Hashable, Comparable, CustomStringConvertible {
    case null
    case int(Int64)
    case text([UInt8])

    static func < (a: OpValue, b: OpValue) -> Bool {
        switch (a, b) {
        case (.null, .null): false
        case (.null, _): true
        case (_, .null): false
        case let (.int(x), .int(y)): x < y
        case let (.text(x), .text(y)): x.lexicographicallyPrecedes(y)
        case (.int, .text): true
        case (.text, .int): false
        }
    }

    var description: String {
        switch self {
        case .null: "NULL"
        case let .int(v): "\(v)"
        case let .text(t): "'\(String(decoding: t, as: UTF8.self))'"
        }
    }
}

typealias OpRow = [OpValue]

func opRows(_ batch: RecordBatch) -> [OpRow] {
    (0 ..< batch.rowCount).map { row in
        batch.columns.map { column -> OpValue in
            if column.isNull(row) { return .null }
            switch column {
            case let .text(c): return .text(Array(c.bytes[c.range(row)]))
            case let .int64(c), let .decimal(c): return .int(c.values[row])
            case let .int32(c), let .date(c): return .int(Int64(c.values[row]))
            case let .double(c): return .int(Int64(bitPattern: c.values[row]))
            case let .bool(c): return .int(Int64(c.values[row]))
            }
        }
    }
}

func opRows(_ batches: [RecordBatch]) -> [OpRow] { batches.flatMap(opRows) }

func opSorted(_ rows: [OpRow]) -> [OpRow] { rows.sorted { $0.lexicographicallyPrecedes($1) } }

/// Shapes of generated data.
struct OpShape: CustomStringConvertible, Sendable {
    var rows: Int
    var keyCardinality: Int
    var nullRate: Double
    var maxBatchRows: Int
    var description: String { "rows=\(rows) keys=\(keyCardinality) nulls=\(nullRate) batch≤\(maxBatchRows)" }

    static let all: [OpShape] = [
        OpShape(rows: 0, keyCardinality: 5, nullRate: 0, maxBatchRows: 10),
        OpShape(rows: 1, keyCardinality: 1, nullRate: 0, maxBatchRows: 10),
        OpShape(rows: 500, keyCardinality: 7, nullRate: 0.1, maxBatchRows: 64),
        OpShape(rows: 2000, keyCardinality: 300, nullRate: 0.05, maxBatchRows: 300),
        OpShape(rows: 3000, keyCardinality: 5000, nullRate: 0.3, maxBatchRows: 1000),
    ]
}

/// Order-like rows: text key `customer` (NULLs, empty strings, a 0x00/0x01 byte now and
/// then), int key `store`, unique `seq`, `amount` DECIMAL(10,2), `qty` INT, `day` DATE.
enum OpData {
    static let schema = Schema([
        Field("customer", .text), Field("store", .int64), Field("seq", .int64),
        Field("amount", .decimal(precision: 10, scale: 2)), Field("qty", .int32), Field("day", .date),
    ])

    /// 160,000 rows over ~60,000 keys in four 40,000-row batches: enough keys for a hash
    /// table past the caches after the first batch, batches large enough for a prefetching trial.
    static func largeBatches() throws -> [RecordBatch] {
        let whole = try #require(batches(OpShape(rows: 160_000, keyCardinality: 60_000, nullRate: 0.05, maxBatchRows: 1 << 20),
                                         seed: 7).first)
        try #require(whole.rowCount == 160_000)
        return try stride(from: 0, to: whole.rowCount, by: 40_000).map { try whole.gather($0 ..< $0 + 40_000) }
    }

    static func batches(_ shape: OpShape, seed: UInt64) -> [RecordBatch] {
        var random = SplitMix64(seed: seed)
        var sequence = Array(0 ..< Int64(shape.rows))
        sequence.shuffle(using: &random)
        var batches: [RecordBatch] = []
        var produced = 0
        while produced < shape.rows {
            let count = min(shape.rows - produced, Int.random(in: 1 ... shape.maxBatchRows, using: &random))
            var customer = ByteColumn()
            var store = FixedColumn<Int64>(), seq = FixedColumn<Int64>(), amount = FixedColumn<Int64>()
            var qty = FixedColumn<Int32>(), day = FixedColumn<Int32>()
            for i in 0 ..< count {
                let key = Int.random(in: 0 ..< shape.keyCardinality, using: &random)
                if Double.random(in: 0 ..< 1, using: &random) < shape.nullRate {
                    customer.appendNull()
                } else {
                    customer.append(string: key % 11 == 3 ? "c\u{0}\u{1}\(key)" : "cust-\(key)")
                }
                if Double.random(in: 0 ..< 1, using: &random) < shape.nullRate { store.appendNull() } else { store.append(Int64(key % 13) - 6) }
                seq.append(sequence[produced + i])
                if Double.random(in: 0 ..< 1, using: &random) < shape.nullRate { amount.appendNull() } else { amount.append(Int64.random(in: -100_000 ... 100_000, using: &random)) }
                if Double.random(in: 0 ..< 1, using: &random) < shape.nullRate { qty.appendNull() } else { qty.append(Int32.random(in: -50 ... 50, using: &random)) }
                day.append(Int32.random(in: 18000 ... 20000, using: &random))
            }
            batches.append(RecordBatch(schema: schema, columns: [.text(customer), .int64(store), .int64(seq), .decimal(amount), .int32(qty), .date(day)]))
            produced += count
        }
        return batches
    }
}

/// A spill folder plus a tiny budget, to force every spill path.
struct OpSpillSetup {
    let directory: SpillDirectory
    let budget: MemoryBudget

    init(limit: Int = 4096) throws {
        directory = try SpillDirectory()
        budget = MemoryBudget(limit: limit)
    }
}
