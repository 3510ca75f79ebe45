import Foundation
import Lake
import Columns
import Testing
import Workers

@Suite("Partitioned Parquet output committed to Delta")
struct DeltaOutputTests {
    let schema = Schema([Field("month", .date), Field("product", .text), Field("qty", .int64),
                         Field("price", .decimal(precision: 18, scale: 2))])

    func batch(months: [Int], rowsPerMonth: Int, qtyBase: Int64) -> RecordBatch {
        var month = FixedColumn<Int32>(), product = ByteColumn(), qty = FixedColumn<Int64>(), price = FixedColumn<Int64>()
        for m in months {
            for i in 0 ..< rowsPerMonth {
                month.append(CivilDate.days(year: 2025, month: m, day: 1) ?? 0)
                product.append(string: "p\(i % 3)")
                qty.append(qtyBase + Int64(i))
                if i % 4 == 0 { price.appendNull() } else { price.append(Int64(i) * 125) }
            }
        }
        return RecordBatch(schema: schema, columns: [.date(month), .text(product), .int64(qty), .decimal(price)])
    }

    /// Rows of the table's live files as (month, qty) pairs, via our Parquet reader.
    func liveRows(_ table: String) throws -> [String] {
        let snapshot = try DeltaTable(path: table).snapshot()
        var rows: [String] = []
        for file in snapshot.files {
            let reader = try ParquetReader(path: table + "/" + file.path)
            let month = file.partitionValues["month"].flatMap { $0 } ?? "NULL"
            for batch in try reader.read(columns: ["qty"]) {
                guard case let .int64(q) = batch.columns[0] else { continue }
                rows += q.values.map { "\(month)|\($0)" }
            }
        }
        return rows.sorted()
    }

    func write(_ table: String, _ batch: RecordBatch, mode: DeltaCommitter.Mode) throws -> Int64 {
        let writer = try PartitionedWriter(tableDirectory: table, schema: schema, partitionColumns: ["month"],
                                           format: ParquetOutputFormat(), placement: .inPlace)
        try writer.write(batch)
        let files = try writer.finish()
        return try DeltaCommitter(path: table, schema: schema, partitionColumns: ["month"]).commit(files, mode: mode)
    }

    @Test("append, then replace one month: other months keep their rows")
    func replaceMonth() throws {
        let dir = try TemporaryDirectory()
        let table = dir.file("fact")
        #expect(try write(table, batch(months: [7, 8, 9], rowsPerMonth: 5, qtyBase: 100), mode: .append) == 1)
        #expect(try liveRows(table).count == 15)
        let v = try write(table, batch(months: [8], rowsPerMonth: 2, qtyBase: 900), mode: .replacePartitions())
        #expect(v == 2)
        let rows = try liveRows(table)
        #expect(rows.count == 12)
        #expect(rows.filter { $0.hasPrefix("2025-08-01|") } == ["2025-08-01|900", "2025-08-01|901"])
        #expect(rows.filter { $0.hasPrefix("2025-07-01|") }.count == 5)
        // Time travel still sees version 1.
        #expect(try DeltaTable(path: table).snapshot(version: 1).files.count == 3)
    }

    @Test("an aborted write commits nothing and leaves no files behind")
    func abortedWrite() throws {
        let dir = try TemporaryDirectory()
        let table = dir.file("fact")
        _ = try write(table, batch(months: [7], rowsPerMonth: 3, qtyBase: 1), mode: .append)
        let before = try FileManager.default.subpathsOfDirectory(atPath: table).sorted()
        let writer = try PartitionedWriter(tableDirectory: table, schema: schema, partitionColumns: ["month"],
                                           format: ParquetOutputFormat(), placement: .inPlace)
        try writer.write(batch(months: [7, 8], rowsPerMonth: 3, qtyBase: 50))
        _ = try writer.finish()
        writer.abort()
        #expect(try DeltaTable(path: table).latestVersion() == 0 + 1)
        #expect(try FileManager.default.subpathsOfDirectory(atPath: table).sorted() == before)
        #expect(try liveRows(table).count == 3)
    }

    @Test("files carry Parquet statistics into the log")
    func statistics() throws {
        let dir = try TemporaryDirectory()
        let table = dir.file("fact")
        _ = try write(table, batch(months: [7], rowsPerMonth: 8, qtyBase: 10), mode: .overwrite)
        let file = try #require(try DeltaTable(path: table).snapshot().files.first)
        let stats = try #require(file.stats)
        #expect(stats.contains("\"numRecords\":8"))
        #expect(stats.contains("\"qty\":10") && stats.contains("\"qty\":17"))
    }
}
