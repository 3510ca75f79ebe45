import Foundation
import Columns
import Testing
@testable import Lake

/// The whole write path of the engine: `ParquetWriter` writes the data file,
/// `DeltaDataFile(parquet:)` describes it, `DeltaTable` commits it.
@Suite("Delta with medallion's Parquet writer")
struct DeltaParquetWriterTests {
    static let tableSchema = Schema([
        Field("id", .int64), Field("amount", .decimal(precision: 18, scale: 2)), Field("day", .date),
        Field("score", .double), Field("ok", .bool), Field("name", .text), Field("region", .text),
    ])
    /// Data files hold every column but the partition column.
    static let fileSchema = Schema(tableSchema.fields.filter { $0.name != "region" })

    static func batch(ids: [Int64], names: [String?]) -> RecordBatch {
        var name = ByteColumn()
        for n in names { name.append(string: n) }
        var amount = FixedColumn<Int64>()
        for (i, id) in ids.enumerated() { if i == 1 { amount.appendNull() } else { amount.append(id * 125) } }
        return RecordBatch(schema: fileSchema, columns: [
            .int64(FixedColumn(values: ContiguousArray(ids))),
            .decimal(amount),
            .date(FixedColumn(values: ContiguousArray(ids.map { 19_700 + Int32($0) }))),
            .double(FixedColumn(values: ContiguousArray(ids.map { (Double($0) / 4).bitPattern }))),
            .bool(FixedColumn(values: ContiguousArray(ids.map { UInt8($0 % 2) }))),
            .text(name),
        ])
    }

    static func write(_ root: String, region: String, ids: [Int64], names: [String?]) throws -> DeltaDataFile {
        let dir = root + "/region=" + region
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let writer = try ParquetWriter(path: dir + "/part-\(UUID().uuidString.lowercased()).parquet", schema: fileSchema)
        try writer.write(batch(ids: ids, names: names))
        return try DeltaDataFile(parquet: try writer.finish(), tableRoot: root + "/", partitionValues: ["region": .text(region)])
    }

    @Test("a ParquetWriter result maps onto an add with typed stats")
    func mapping() throws {
        let dir = TempDirectory("pq")
        defer { dir.cleanup() }
        let long = String(repeating: "z", count: 40)
        let file = try Self.write(dir.path, region: "eu", ids: [3, 1, 2], names: ["b", nil, long])
        #expect(file.path.hasPrefix("region=eu/part-") && file.path.hasSuffix(".parquet"))
        let onDisk = try FileManager.default.attributesOfItem(atPath: dir.path + "/" + file.path)[.size] as? Int
        #expect(onDisk.map(Int64.init) == file.size)
        #expect(file.numRecords == 3)
        #expect(file.stats.minValues["id"] == .int64(1))
        #expect(file.stats.maxValues["id"] == .int64(3))
        #expect(file.stats.minValues["amount"] == .decimal(250, scale: 2))  // row 1 (id 1) is NULL
        #expect(file.stats.maxValues["amount"] == .decimal(375, scale: 2))
        #expect(file.stats.nullCount["amount"] == 1)
        #expect(file.stats.minValues["day"] == .date(19_701))
        #expect(file.stats.maxValues["score"] == .double(0.75))
        #expect(file.stats.minValues["name"] == .text("b"))
        // A 40-char maximum is cut to 32 and capped with U+10FFFF, so it still bounds.
        #expect(file.stats.maxValues["name"] == .text(String(repeating: "z", count: 32) + "\u{10FFFF}"))
        #expect(file.stats.nullCount["name"] == 1)

        let table = try DeltaTable.create(at: dir.path, schema: Self.tableSchema, partitionColumns: ["region"])
        try table.append([file])
        #expect(try table.snapshot().dataFiles() == [DeltaDataFile(
            path: file.path, partitionValues: file.partitionValues, size: file.size, stats: file.stats,
            modificationTime: try table.snapshot().files.first?.modificationTime)])
        #expect(throws: DeltaError.self) {
            try DeltaDataFile(parquet: try Self.infoOutside(dir.path), tableRoot: dir.path + "/elsewhere")
        }
    }

    static func infoOutside(_ root: String) throws -> ParquetFileInfo {
        let writer = try ParquetWriter(path: root + "/x.parquet", schema: fileSchema)
        try writer.write(batch(ids: [1], names: ["a"]))
        return try writer.finish()
    }

    @Test("delta-rs reads rows our ParquetWriter wrote through our log",
          .enabled(if: DeltaPython.isAvailable, "needs Python with deltalake + pyarrow"))
    func deltaRsReadsOurFiles() throws {
        let dir = TempDirectory("pq-interop")
        defer { dir.cleanup() }
        let root = dir.path
        let table = try DeltaTable.create(at: root, schema: Self.tableSchema, partitionColumns: ["region"],
                                          options: DeltaTableOptions(checkpointInterval: 2))
        try table.append([try Self.write(root, region: "eu", ids: [1, 2], names: ["a", nil])])
        try table.append([try Self.write(root, region: "us", ids: [3], names: ["c"])])
        try table.append([try Self.write(root, region: "eu", ids: [4, 5, 6], names: ["d", "e", "f"])])
        let read = try DeltaPython.call("read-delta", root)
        #expect(read["version"] == .number("3"))
        guard case let .array(rows)? = read["rows"] else {
            Issue.record("no rows")
            return
        }
        let got = rows.map { row in ["id", "amount", "day", "score", "ok", "name", "region"].map { row[$0]?.plainText ?? "?" }.joined(separator: "|") }
        #expect(got.sorted() == [
            "1|1.25|2023-12-10|0.25|true|a|eu", "2|null|2023-12-11|0.5|false|null|eu", "3|3.75|2023-12-12|0.75|true|c|us",
            "4|5.00|2023-12-13|1.0|false|d|eu", "5|null|2023-12-14|1.25|true|e|eu", "6|7.50|2023-12-15|1.5|false|f|eu",
        ])
    }
}
