import Foundation
import Columns
import Testing
@testable import Lake

/// Helpers shared by the Parquet tests: temporary paths, deterministic random
/// batches of every type, and a canonical per-row text form for comparisons.
enum ParquetTestSupport {
    static func temporaryPath(_ name: String) -> String {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("medallion-parquet-tests", isDirectory: true)
        try? FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        return dir.appendingPathComponent("\(name)-\(UUID().uuidString.prefix(8)).parquet").path
    }

    /// Seeded draws (SplitMix64), so failures reproduce.
    struct Random {
        private var generator: SplitMix64
        init(seed: UInt64) { generator = SplitMix64(seed: seed) }
        mutating func next() -> UInt64 { generator.next() }
        mutating func below(_ n: Int) -> Int { Int(next() % UInt64(max(n, 1))) }
        mutating func chance(_ p: Double) -> Bool { Double(next() % 1_000_000) / 1_000_000 < p }
    }

    static let words = ["alpha", "beta", "gamma", "δέλτα", "日本語", "emoji 🎉", String(repeating: "x", count: 40), "z"]

    /// One column of `rows` random values of `type`; NULLs only when `nullable`.
    /// `distinct` bounds the number of different values (small → dictionary friendly).
    static func column(_ type: ColumnType, rows: Int, nullable: Bool, distinct: Int, rng: inout Random,
                       nullRate: Double = 0.1) -> Column {
        func isNull() -> Bool { nullable && rng.chance(nullRate) }
        switch type {
        case .text, .binary:
            var c = ByteColumn()
            for _ in 0 ..< rows {
                if isNull() { c.appendNull(); continue }
                let k = rng.below(distinct)
                c.append(string: words[k % words.count] + (k < words.count ? "" : String(k)))
            }
            return .text(c)
        case .int64, .decimal:
            var c = FixedColumn<Int64>()
            for _ in 0 ..< rows {
                if isNull() { c.appendNull(); continue }
                let extremes: [Int64] = [.min, .max, 0, -1]
                let v: Int64 = if case .decimal = type {
                    Int64(rng.below(distinct)) * 7919 - 500_000
                } else if rng.chance(0.05) {
                    extremes[rng.below(4)]
                } else {
                    Int64(rng.below(distinct)) &* 1_000_003 - 1_000_000
                }
                c.append(v)
            }
            return type == .int64 ? .int64(c) : .decimal(c)
        case .int32, .date:
            var c = FixedColumn<Int32>()
            for _ in 0 ..< rows {
                if isNull() { c.appendNull(); continue }
                let v: Int32 = type == .date ? Int32(rng.below(distinct)) - 20000
                    : (rng.chance(0.05) ? [Int32.min, .max][rng.below(2)] : Int32(rng.below(distinct)) - 100)
                c.append(v)
            }
            return type == .date ? .date(c) : .int32(c)
        case .double:
            var c = FixedColumn<UInt64>()
            let specials: [Double] = [0, -0.0, .infinity, -.infinity, .nan, 1e-300, -1.5]
            for _ in 0 ..< rows {
                if isNull() { c.appendNull(); continue }
                let d = rng.chance(0.1) ? specials[rng.below(specials.count)] : Double(rng.below(distinct)) / 8 - 100
                c.append(d.bitPattern)
            }
            return .double(c)
        case .bool:
            var c = FixedColumn<UInt8>()
            for _ in 0 ..< rows {
                if isNull() { c.appendNull(); continue }
                c.append(UInt8(rng.below(2)))
            }
            return .bool(c)
        }
    }

    static let allTypes: [ColumnType] = [.text, .int64, .int32, .date, .decimal(precision: 18, scale: 2), .double, .bool]

    static func name(_ type: ColumnType) -> String {
        switch type {
        case .text: "text"
        case .binary: "bin"
        case .int64: "bigint"
        case .int32: "int"
        case .date: "date"
        case .decimal: "dec"
        case .double: "double"
        case .bool: "bool"
        }
    }

    /// Every type, nullable and required.
    static var wideSchema: Schema {
        Schema(allTypes.flatMap { t in [Field(name(t) + "_n", t, nullable: true), Field(name(t) + "_r", t, nullable: false)] })
    }

    static func batch(_ schema: Schema, rows: Int, seed: UInt64, distinct: Int = 50, nullRate: Double = 0.1) -> RecordBatch {
        var rng = Random(seed: seed)
        return RecordBatch(schema: schema, columns: schema.fields.map {
            column($0.type, rows: rows, nullable: $0.nullable, distinct: distinct, rng: &rng, nullRate: nullRate)
        })
    }

    /// Row `row` of `column` as canonical text (nil for NULL): integers in decimal,
    /// decimals unscaled, dates as days, doubles as their bit pattern.
    static func canonical(_ column: Column, _ row: Int) -> String? {
        switch column {
        case let .text(c): return c.string(row)
        case let .int64(c), let .decimal(c): return c.value(row).map { String($0) }
        case let .int32(c), let .date(c): return c.value(row).map { String($0) }
        case let .double(c): return c.value(row).map { String($0) }
        case let .bool(c): return c.value(row).map { $0 != 0 ? "true" : "false" }
        }
    }

    static func canonicalColumn(_ column: Column) -> [String?] {
        (0 ..< column.count).map { canonical(column, $0) }
    }

    /// The batches' column `index` concatenated, canonically.
    static func canonicalColumn(_ batches: [RecordBatch], _ index: Int) -> [String?] {
        batches.flatMap { canonicalColumn($0.columns[index]) }
    }

    /// Reads every row group of `path`.
    static func readAll(_ path: String, columns: [String]? = nil) throws -> [RecordBatch] {
        try ParquetReader(path: path).read(columns: columns)
    }

    static func write(_ batches: [RecordBatch], schema: Schema, to path: String,
                      options: ParquetWriterOptions = ParquetWriterOptions()) throws -> ParquetFileInfo {
        let writer = try ParquetWriter(path: path, schema: schema, options: options)
        for b in batches { try writer.write(b) }
        return try writer.finish()
    }
}
