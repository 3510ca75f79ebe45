import Foundation
import Columns
import Partition
import Testing
import Workers

@Suite("Partitioned output")
struct PartitionedWriterTests {
    func sampleBatch(rows: Int) -> RecordBatch {
        var month = FixedColumn<Int32>()
        var product = ByteColumn()
        var qty = FixedColumn<Int64>()
        for i in 0 ..< rows {
            month.append(CivilDate.days(year: 2025, month: 7 + i % 3, day: 1) ?? 0)
            product.append(string: i % 5 == 0 ? "a,b \"q\"" : "p\(i % 4)")
            if i % 7 == 0 { qty.appendNull() } else { qty.append(Int64(i)) }
        }
        let schema = Schema([Field("month", .date), Field("product", .text), Field("qty", .int64)])
        return RecordBatch(schema: schema, columns: [.date(month), .text(product), .int64(qty)])
    }

    @Test("rows land in key=value folders, and read back as the same rows")
    func roundTrip() async throws {
        let dir = try TemporaryDirectory()
        let table = dir.file("t")
        let batch = sampleBatch(rows: 300)
        let writer = try PartitionedWriter(tableDirectory: table, schema: batch.schema, partitionColumns: ["month"],
                                           format: CSVOutputFormat(), targetFileBytes: 500)
        // Files roll between batches: write the rows as ten batches.
        for start in stride(from: 0, to: 300, by: 30) {
            try writer.write(try batch.gather(Array(start ..< start + 30)))
        }
        let files = try writer.finish()
        #expect(Set(files.map { $0.path.split(separator: "/")[0] }) == ["month=2025-07-01", "month=2025-08-01", "month=2025-09-01"])
        #expect(files.count > 3, "small target size rolls files")
        #expect(files.reduce(0) { $0 + $1.rows } == 300)
        // Nothing is visible before the commit.
        #expect(try DirectoryCommit(tableDirectory: table).manifest().files.isEmpty)
        let manifest = try DirectoryCommit(tableDirectory: table).commit(files, from: writer)
        #expect(manifest.version == 1)
        #expect(!FileManager.default.fileExists(atPath: writer.stagingDirectory))

        var seen: [String: Int] = [:]
        for file in manifest.files {
            let input = try InputFile.open(path: table + "/" + file.path)
            let result = try await CSVScan.run(files: [input], columns: [RequestedColumn("product"), RequestedColumn("qty", .int64)]) { chunk in
                rows(of: chunk)
            }
            for row in result.results.flatMap({ $0 }) {
                seen["\(file.partitionValues[0].value ?? "")|\(row.fields[0] ?? "∅")", default: 0] += 1
            }
        }
        var expected: [String: Int] = [:]
        guard case let .text(products) = batch.columns[1] else { return }
        for i in 0 ..< 300 {
            let month = CivilDate.isoString(CivilDate.days(year: 2025, month: 7 + i % 3, day: 1) ?? 0)
            expected["\(month)|\(products.string(i) ?? "∅")", default: 0] += 1
        }
        #expect(seen == expected)
    }

    @Test("an aborted write leaves the table as it was")
    func abortLeavesTable() throws {
        let dir = try TemporaryDirectory()
        let table = dir.file("t")
        let batch = sampleBatch(rows: 20)
        let first = try PartitionedWriter(tableDirectory: table, schema: batch.schema, format: CSVOutputFormat())
        try first.write(batch)
        let committed = try DirectoryCommit(tableDirectory: table).commit(try first.finish(), from: first)
        let second = try PartitionedWriter(tableDirectory: table, schema: batch.schema, format: CSVOutputFormat())
        try second.write(batch)
        _ = try second.finish()
        second.abort()
        #expect(try DirectoryCommit(tableDirectory: table).manifest() == committed)
        #expect(!FileManager.default.fileExists(atPath: second.stagingDirectory))
    }

    @Test("overwrite replaces the file list in one step and deletes the old files")
    func overwrite() throws {
        let dir = try TemporaryDirectory()
        let table = dir.file("t")
        let batch = sampleBatch(rows: 10)
        let commit = DirectoryCommit(tableDirectory: table)
        let first = try PartitionedWriter(tableDirectory: table, schema: batch.schema, format: CSVOutputFormat())
        try first.write(batch)
        let v1 = try commit.commit(try first.finish(), from: first)
        let second = try PartitionedWriter(tableDirectory: table, schema: batch.schema, format: CSVOutputFormat())
        try second.write(batch)
        let v2 = try commit.commit(try second.finish(), from: second, overwrite: true)
        #expect(v2.version == 2 && v2.files.count == 1)
        #expect(!FileManager.default.fileExists(atPath: table + "/" + v1.files[0].path))
        #expect(FileManager.default.fileExists(atPath: table + "/" + v2.files[0].path))
    }

    @Test("partition folder names escape path characters and spell NULL like Hive")
    func escaping() {
        #expect(PartitionPath.folder([PartitionValue(column: "c", value: "a/b=c")]) == "c=a%2Fb%3Dc")
        #expect(PartitionPath.folder([PartitionValue(column: "c", value: nil)]) == "c=__HIVE_DEFAULT_PARTITION__")
    }
}
