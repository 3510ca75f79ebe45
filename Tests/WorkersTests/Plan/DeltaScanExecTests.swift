import Lake
import Columns
import Testing
@testable import Workers

/// The Delta scan as a plan leaf: every live row once across its partitions, partition
/// pruning from the log, row groups skipped by their statistics.
@Suite("Delta scan operator")
struct DeltaScanExecTests {
    let schema = Schema([Field("month", .date), Field("product", .text), Field("qty", .int64)])

    /// A table with one file per month (7, 8, 9 of 2025), qty = base + row.
    func table() throws -> (TemporaryDirectory, String) {
        let dir = try TemporaryDirectory()
        let path = dir.file("fact")
        for (month, base) in [(7, 100), (8, 200), (9, 300)] {
            var months = FixedColumn<Int32>(), products = ByteColumn(), qty = FixedColumn<Int64>()
            for row in 0 ..< 5 {
                months.append(CivilDate.days(year: 2025, month: month, day: 1) ?? 0)
                products.append(string: "p\(row)")
                qty.append(Int64(base + row))
            }
            let writer = try PartitionedWriter(tableDirectory: path, schema: schema, partitionColumns: ["month"],
                                               format: ParquetOutputFormat(), placement: .inPlace)
            try writer.write(RecordBatch(schema: schema, columns: [.date(months), .text(products), .int64(qty)]))
            _ = try DeltaCommitter(path: path, schema: schema, partitionColumns: ["month"]).commit(try writer.finish(), mode: .append)
        }
        return (dir, path)
    }

    func quantities(_ plan: DeltaScanExec) async throws -> [Int64] {
        let batches = try await PlanExecution.collect(plan, context: TaskContext(workers: 2))
        return try batches.flatMap { batch -> [Int64] in
            let index = try #require(batch.schema.index(of: "qty"))
            guard case let .int64(column) = batch.columns[index] else { return [] }
            return Array(column.values)
        }.sorted()
    }

    @Test("all files across partitions; only the projected columns")
    func everything() async throws {
        let (directory, path) = try table()
        defer { withExtendedLifetime(directory) {} }
        let scan = try DeltaScanExec(path: path, columns: ["qty", "month"], targetPartitions: 2)
        #expect(scan.partitionCount == 2)
        #expect(scan.schema.fields.map(\.name) == ["qty", "month"])
        #expect(try await quantities(scan) == (100 ... 104).map(Int64.init) + (200 ... 204).map(Int64.init) + (300 ... 304).map(Int64.init))
        #expect(scan.metrics.snapshot.outputRows == 15)
    }

    @Test("partition pruning reads only the files the log's values accept")
    func pruning() async throws {
        let (directory, path) = try table()
        defer { withExtendedLifetime(directory) {} }
        let scan = try DeltaScanExec(path: path, columns: ["qty"], partitions: { $0["month"] == "2025-08-01" },
                                     partitionFilterText: "month = 2025-08-01", targetPartitions: 4)
        #expect(scan.partitionCount == 1)
        #expect(scan.detail.contains("1 of 3 files"))
        #expect(try await quantities(scan) == (200 ... 204).map(Int64.init))
    }

    @Test("row groups whose statistics rule the predicate out are skipped")
    func rowGroupSkipping() async throws {
        let (directory, path) = try table()
        defer { withExtendedLifetime(directory) {} }
        let some = try DeltaScanExec(path: path, columns: ["qty"], rowGroups: .greaterThanOrEqual("qty", .int64(204)),
                                     targetPartitions: 2)
        // Whole row groups come back: the ones of months 8 and 9.
        #expect(try await quantities(some) == (200 ... 204).map(Int64.init) + (300 ... 304).map(Int64.init))
        let none = try DeltaScanExec(path: path, columns: ["qty"], rowGroups: .greaterThan("qty", .int64(1000)),
                                     targetPartitions: 2)
        #expect(try await quantities(none).isEmpty)
    }
}
