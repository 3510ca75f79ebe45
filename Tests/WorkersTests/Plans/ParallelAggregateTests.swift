import Foundation
import Columns
import Partition
import Testing
import Workers

@Suite("Scan → shuffle → merge aggregation plan")
struct ParallelAggregateTests {
    /// count(*) and sum(order_qty) per customer, computed naively from the rows the scan yields.
    func reference(_ paths: [String]) async throws -> [String: (Int, Int64)] {
        var out: [String: (Int, Int64)] = [:]
        let files = try paths.map { try InputFile.open(path: $0) }
        let scanned = try await CSVScan.run(files: files, columns: orderColumns, options: ScanOptions(workers: 1)) { rows(of: $0) }
        for row in scanned.results.flatMap({ $0 }) {
            let key = row.fields[2] ?? "NULL"
            var entry = out[key] ?? (0, 0)
            entry.0 += 1
            if let q = row.fields[4], let v = Double(q) { entry.1 += Int64(v * 100) }
            out[key] = entry
        }
        return out
    }

    @Test("same groups with plenty of memory and with a budget so small every stage spills",
          arguments: ["1GiB", "4k"])
    func matchesReference(limit: String) async throws {
        let dir = try TemporaryDirectory()
        var paths: [String] = []
        for i in 0 ..< 3 {
            let path = dir.file("orders\(i).csv.zst")
            try Encoding.zstdFrames.write(ordersLikeCSV(rows: 2000, seed: UInt64(i + 20)), to: path)
            paths.append(path)
        }
        let budget = try MemoryBudget(parsing: limit)
        let spill = try SpillDirectory(parent: dir.path)
        let plan = StagePlan(workers: 2)
        let aggregate = ParallelAggregate(
            groupBy: ["customer_id"],
            aggregates: [AggregateExpression(.countAll, as: "n"), AggregateExpression(.sum("order_qty"), as: "q")],
            columns: [RequestedColumn("customer_id"), RequestedColumn("order_qty", .decimal(precision: 18, scale: 2))],
            partitions: 5)
        let batches = try await aggregate.run(files: try paths.map { try InputFile.open(path: $0) }, plan: plan,
                                              options: ScanOptions(workers: 2, splits: SplitSizes(plainBytes: 4096, compressedBytes: 2048)),
                                              budget: budget, spillDirectory: spill)
        var got: [String: (Int, Int64)] = [:]
        for batch in batches {
            guard case let .text(keys) = batch.columns[0], case let .int64(n) = batch.columns[1],
                  case let .decimal(q) = batch.columns[2] else { Issue.record("unexpected column kinds"); return }
            for row in 0 ..< batch.rowCount {
                got[keys.string(row) ?? "NULL"] = (Int(n.values[row]), q.value(row) ?? 0)
            }
        }
        let expected = try await reference(paths)
        #expect(got.count == expected.count)
        for (key, value) in expected {
            #expect(got[key]?.0 == value.0 && got[key]?.1 == value.1, "\(key)")
        }
        #expect(plan.stages.map(\.name) == ["scan+partial-aggregate", "shuffle", "merge"])
        if limit == "4k" { #expect(spill.metrics.spilledBytes > 0) }
        spill.close()
        #expect(!spill.exists)
        #expect(budget.used == 0)
    }
}
