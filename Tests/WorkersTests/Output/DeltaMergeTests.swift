import Foundation
import Lake
import Columns
import Testing
import Workers

@Suite("Merge by key into a small Delta table")
struct DeltaMergeTests {
    let schema = Schema([Field("code", .text), Field("name", .text), Field("price", .decimal(precision: 18, scale: 2))])

    func batch(_ rows: [(String, String?, Int64?)]) -> RecordBatch {
        var code = ByteColumn(), name = ByteColumn(), price = FixedColumn<Int64>()
        for (c, n, p) in rows {
            code.append(string: c)
            name.append(string: n)
            price.append(p)
        }
        return RecordBatch(schema: schema, columns: [.text(code), .text(name), .decimal(price)])
    }

    func contents(_ path: String, version: Int64? = nil) throws -> [String] {
        let (_, batches) = try DeltaTableReader(path: path).read(version: version)
        return batches.flatMap { b in
            (0 ..< b.rowCount).map { r in
                b.schema.fields.indices.map { ValueText.string(b.columns[$0], r, type: b.schema.fields[$0].type) ?? "NULL" }
                    .joined(separator: "|")
            }
        }.sorted()
    }

    @Test("updates replace rows with the same key, new keys are added, others stay; last update wins")
    func upsert() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("dim")
        let merge = DeltaMerge(path: path, schema: schema, keys: ["code"])
        try merge.merge([batch([("a", "Apple", 100), ("b", "Bread", 250)])])
        try merge.merge([batch([("b", "Brioche", 300), ("c", nil, nil)]), batch([("b", "Baguette", 199)])])
        #expect(try contents(path) == ["a|Apple|1.00", "b|Baguette|1.99", "c|NULL|NULL"])
        #expect(try contents(path, version: 1) == ["a|Apple|1.00", "b|Bread|2.50"])
    }

    @Test("partition columns come back from the file's partition values")
    func partitionColumnsRead() throws {
        let dir = try TemporaryDirectory()
        let path = dir.file("t")
        let writer = try PartitionedWriter(tableDirectory: path, schema: schema, partitionColumns: ["code"],
                                           format: ParquetOutputFormat(), placement: .inPlace)
        try writer.write(batch([("x", "one", 1), ("y", "two", 2), ("x", "three", 3)]))
        try DeltaCommitter(path: path, schema: schema, partitionColumns: ["code"]).commit(try writer.finish(), mode: .append)
        #expect(try contents(path) == ["x|one|0.01", "x|three|0.03", "y|two|0.02"])
    }
}
