import Foundation
import Columns
import Testing
@testable import Lake

@Suite("Parquet statistics and row-group skipping")
struct ParquetStatisticsTests {
    typealias S = ParquetTestSupport

    /// Bounds computed the slow way from the canonical values.
    static func expectedBounds(_ column: Column, _ type: ColumnType) -> (StatisticsValue?, StatisticsValue?, Int64) {
        var values: [StatisticsValue] = []
        var nulls: Int64 = 0
        for r in 0 ..< column.count {
            if column.isNull(r) { nulls += 1; continue }
            switch column {
            case let .text(c): values.append(.string(c.string(r) ?? ""))
            case let .int64(c), let .decimal(c): values.append(.int64(c.values[r]))
            case let .int32(c), let .date(c): values.append(.int32(c.values[r]))
            case let .double(c):
                let d = Double(bitPattern: c.values[r])
                if !d.isNaN { values.append(.double(d)) }
            case let .bool(c): values.append(.bool(c.values[r] != 0))
            }
        }
        let less: (StatisticsValue, StatisticsValue) -> Bool = { $0.compare($1) == .less }
        return (values.min(by: less), values.max(by: less), nulls)
    }

    @Test("finish() and the reader report exact bounds and NULL counts", arguments: [true, false])
    func bounds(dictionary: Bool) throws {
        let schema = S.wideSchema
        let batches = (0 ..< 3).map { S.batch(schema, rows: 2000, seed: UInt64(100 + $0), distinct: 400) }
        let path = S.temporaryPath("stats")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let info = try S.write(batches, schema: schema, to: path,
                               options: ParquetWriterOptions(rowGroupBytes: 16 << 10, pageBytes: 2048, dictionary: dictionary))
        let reader = try ParquetReader(path: path)
        #expect(reader.rowGroups.count > 1)
        for (i, field) in schema.fields.enumerated() {
            var all = batches[0].columns[i]
            for b in batches.dropFirst() { all = Self.concat(all, b.columns[i]) }
            let (min, max, nulls) = Self.expectedBounds(all, field.type)
            let stats = info.columns[i]
            #expect(stats.nullCount == nulls, "\(field.name)")
            #expect(stats.valueCount == 6000)
            #expect(stats.min.flatMap { min.map($0.compare) } == .equal, "min of \(field.name): \(String(describing: stats.min)) vs \(String(describing: min))")
            #expect(stats.max.flatMap { max.map($0.compare) } == .equal, "max of \(field.name)")
            // The footer's per-row-group statistics merge to the same.
            let merged = reader.rowGroups.map { $0.columns[i] }.reduce(nil as ColumnStatistics?) { $0?.merged(with: $1) ?? $1 }
            #expect(merged == stats, "\(field.name)")
        }
        // Double bounds follow the format: NaN skipped, zero min written as -0.0.
        let d = schema.index(of: "double_n") ?? 0
        #expect(info.columns[d].min == .double(-.infinity))
        #expect(info.columns[d].max == .double(.infinity))
    }

    static func concat(_ a: Column, _ b: Column) -> Column {
        switch (a, b) {
        case let (.text(x), .text(y)):
            var out = x
            for r in 0 ..< y.count { out.append(from: y, row: r) }
            return .text(out)
        case let (.int64(x), .int64(y)): return .int64(fixed(x, y))
        case let (.decimal(x), .decimal(y)): return .decimal(fixed(x, y))
        case let (.int32(x), .int32(y)): return .int32(fixed(x, y))
        case let (.date(x), .date(y)): return .date(fixed(x, y))
        case let (.double(x), .double(y)): return .double(fixed(x, y))
        case let (.bool(x), .bool(y)): return .bool(fixed(x, y))
        default: return a
        }
    }

    static func fixed<V>(_ a: FixedColumn<V>, _ b: FixedColumn<V>) -> FixedColumn<V> {
        var out = a
        for r in 0 ..< b.count { out.append(b.value(r)) }
        return out
    }

    @Test("strings are ordered by unsigned bytes, not by Unicode")
    func stringOrder() throws {
        var c = ByteColumn()
        for s in ["b", "a\u{00E9}", "ae", "Z", "\u{1F389}", "a"] { c.append(string: s) }
        let schema = Schema([Field("s", .text)])
        let path = S.temporaryPath("strorder")
        defer { try? FileManager.default.removeItem(atPath: path) }
        let info = try S.write([RecordBatch(schema: schema, columns: [.text(c)])], schema: schema, to: path)
        #expect(info.columns[0].min == .string("Z"))
        #expect(info.columns[0].max == .string("\u{1F389}"))
    }

    /// 10 row groups of 1000 sorted rows each: ids, dates, amounts and names all
    /// increase with the row, so each group covers a distinct range.
    static func sortedFile() throws -> (String, ParquetReader) {
        let schema = Schema([Field("id", .int64, nullable: false), Field("day", .date), Field("amount", .decimal(precision: 18, scale: 2)),
                             Field("name", .text), Field("maybe", .int32)])
        let path = S.temporaryPath("sorted")
        let writer = try ParquetWriter(path: path, schema: schema, options: ParquetWriterOptions(rowGroupBytes: 1))
        for g in 0 ..< 10 {
            var id = FixedColumn<Int64>(), day = FixedColumn<Int32>(), amount = FixedColumn<Int64>(), maybe = FixedColumn<Int32>()
            var name = ByteColumn()
            for r in 0 ..< 1000 {
                let row = g * 1000 + r
                id.append(Int64(row))
                day.append(Int32(18000 + row / 100))
                amount.append(Int64(row) * 150)
                name.append(string: "name-\(String(row + 100_000))")
                // Group 3 has NULLs only; group 5 has no NULLs; others some.
                if g == 3 || (g != 5 && r % 10 == 0) { maybe.appendNull() } else { maybe.append(Int32(r)) }
            }
            try writer.write(RecordBatch(schema: schema, columns: [.int64(id), .date(day), .decimal(amount), .text(name), .int32(maybe)]))
        }
        _ = try writer.finish()
        return (path, try ParquetReader(path: path))
    }

    @Test("predicates skip exactly the row groups their statistics exclude")
    func skipping() throws {
        let (path, reader) = try Self.sortedFile()
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(reader.rowGroups.count == 10)
        #expect(reader.rowGroups(matching: .equal("id", .int64(4321))) == [4])
        #expect(reader.rowGroups(matching: .equal("id", .int32(4321))) == [4])
        #expect(reader.rowGroups(matching: .equal("id", .int64(-1))) == [])
        #expect(reader.rowGroups(matching: .lessThan("id", .int64(2000))) == [0, 1])
        #expect(reader.rowGroups(matching: .lessThanOrEqual("id", .int64(2000))) == [0, 1, 2])
        #expect(reader.rowGroups(matching: .greaterThan("id", .int64(8999))) == [9])
        #expect(reader.rowGroups(matching: .greaterThanOrEqual("id", .int64(8999))) == [8, 9])
        #expect(reader.rowGroups(matching: .between("id", .int64(2500), .int64(4100))) == [2, 3, 4])
        #expect(reader.rowGroups(matching: .equal("day", .int32(18000 + 55))) == [5])
        #expect(reader.rowGroups(matching: .between("amount", .int64(150 * 7000), .int64(150 * 7999))) == [7])
        #expect(reader.rowGroups(matching: .equal("name", .string("name-106500"))) == [6])
        #expect(reader.rowGroups(matching: .greaterThanOrEqual("name", .string("name-109"))) == [9])
        #expect(reader.rowGroups(matching: .isNull("maybe")) == [0, 1, 2, 3, 4, 6, 7, 8, 9])
        #expect(reader.rowGroups(matching: .isNotNull("maybe")) == [0, 1, 2, 4, 5, 6, 7, 8, 9])
        #expect(reader.rowGroups(matching: .equal("maybe", .int32(5))) == [0, 1, 2, 4, 5, 6, 7, 8, 9])
        #expect(reader.rowGroups(matching: .and([.greaterThan("id", .int64(2500)), .lessThan("day", .int32(18040))])) == [2, 3])
        #expect(reader.rowGroups(matching: .or([.equal("id", .int64(10)), .equal("id", .int64(9990))])) == [0, 9])
        // Incomparable kinds never prune.
        #expect(reader.rowGroups(matching: .equal("id", .string("x"))).count == 10)
        let batches = try reader.read(columns: ["id"], predicate: .between("id", .int64(2500), .int64(4100)))
        #expect(batches.count == 3)
        #expect(S.canonicalColumn(batches, 0) == (2000 ..< 5000).map { String($0) })
        #expect(throws: ParquetError.self) { try reader.read(predicate: .equal("missing", .int64(1))) }
    }
}
