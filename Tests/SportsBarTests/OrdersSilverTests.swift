import Columns
import Partition
import Testing
import Workers
@testable import SportsBar

@Suite("Silver orders")
struct OrdersSilverTests {
    // Every file name the tests below use; ranks follow their byte order.
    let cleaner = OrdersCleaner(sourceFiles: SourceFileRanks(["f.csv", "a.csv", "B.csv", "z.csv"] + (0 ..< 4).map { "f\($0).csv" }))

    func lookup() throws -> ProductLookup {
        let products = try ProductsSilver.build(bronze: [bronze(.products, [
            ["A (1g)", "100", "energy bars"], ["B (2g)", "BAD", "energy bars"], ["C (3g)", "ALSO-BAD", "energy bars"],
        ])])
        return try ProductLookup(silverProducts: products.rows)
    }

    @Test("steps 1–3: reasons in order, repaired customers, raw values kept for quarantine")
    func cleaning() throws {
        let input = bronze(.orders, [
            ["O1", "2025/07/01", "789320", "100", "150.0"],
            ["O2", "2025/07/01", "789320", "100", nil],
            ["O3", "2025/07/01", "789320", "100", "1.5"],
            ["O4", "not a date", "789320", "100", "-3"], // quantity is checked first
            ["O5", "not a date", "ABC", "100", "3"], // repaired, then dropped at step 3
            ["O6", "Tuesday, July 01, 2025", "C-1", "100", "1e1"],
            ["O7", "01-07-2025", nil, "100", "2"],
        ])
        let cleaned = try cleaner.clean(input)
        #expect(cleaned.counts == ReasonCounts([.missingQuantity: 1, .invalidQuantity: 2, .unparseableDate: 1]))
        #expect(cleaned.customerRepaired == 3)
        #expect(try table(cleaned.rows.project(OrdersSchemas.dedupKeys)) == [
            ["O1", "2025-07-01", "789320", "100", "150"],
            ["O6", "2025-07-01", "999999", "100", "10"],
            ["O7", "2025-07-01", "999999", "100", "2"],
        ])
        #expect(texts(cleaned.quarantine, "order_qty") == [nil, "1.5", "-3", "3"])
        #expect(texts(cleaned.quarantine, "_reason") == [
            "missing_quantity", "invalid_quantity", "invalid_quantity", "unparseable_date",
        ])
        #expect(cleaned.rowsRead == 7)
    }

    @Test("steps 4–5: dedup on cleaned values, first by file byte order then line, join, conservation")
    func dedupAndJoin() async throws {
        // `B.csv` sorts before `a.csv` in byte order.
        let a = bronze(.orders, file: "a.csv", [
            ["O1", "2025/07/01", "1", "100", "5"],
            ["O1", "01-07-2025", "1", "100", "5.0"], // same cleaned key → duplicate
            ["O9", "2025/07/01", "1", "999999", "1"], // joins the first invalid-id product
            ["O8", "2025/07/01", "1", "200", "1"], // unknown product
            ["O8", "2025/07/01", "1", "200", "1"], // duplicate of an unknown-product row
            [nil, "2025/07/01", "1", "100", "7"],
            [nil, "2025/07/01", "1", "100", "7"], // NULLs equal in the dedup key
            ["O7", "2025/07/01", "1", nil, "7"], // NULL product never joins
        ])
        let b = bronze(.orders, file: "B.csv", firstLine: 10, [
            ["O1", "July 01, 2025", "1", "100", "5"],
        ])
        let output = try await OrdersPlanRun.run([a, b], cleaner: cleaner, products: try lookup())
        let silver = try RecordBatch.concat(output.silver, schema: OrdersSchemas.silver)
        let rows = table(try silver.project(["order_id", "_source_file", "_source_line", "product_code", "order_month"]))
        #expect(rows.sorted { ($0[1] ?? "", Int($0[2] ?? "") ?? 0) < ($1[1] ?? "", Int($1[2] ?? "") ?? 0) } == [
            ["O1", "B.csv", "10", SHA256Hex.of("A (1g)"), "2025-07-01"],
            ["O9", "a.csv", "4", SHA256Hex.of("B (2g)"), "2025-07-01"],
            [nil, "a.csv", "7", SHA256Hex.of("A (1g)"), "2025-07-01"],
        ])
        #expect(Set(texts(silver, "_source_line")) == ["4", "7", "10"])
        #expect(output.counts == ReasonCounts([.duplicate: 4, .unknownProduct: 2]))
        #expect(output.isConserved)
        let quarantine = try RecordBatch.concat(output.quarantine, schema: SourceTable.orders.quarantineSchema)
        // Quarantined rows keep the texts exactly as read.
        let rawDuplicate = table(quarantine).first { $0[5] == "a.csv" && $0[6] == "3" }
        #expect(rawDuplicate == ["O1", "01-07-2025", "1", "100", "5.0", "a.csv", "3", "1", "duplicate"])
    }

    @Test("dedup across runs: keys already in silver are duplicates; silver rows are never replaced")
    func acrossRuns() async throws {
        let products = try lookup()
        let first = try await OrdersPlanRun.run([bronze(.orders, file: "z.csv", [
            ["O1", "2025/07/01", "1", "100", "5"],
            ["O2", "2025/07/01", "1", "200", "5"], // unknown product: not in silver
        ])], cleaner: cleaner, known: try OrdersSilver.emptyKnownKeys(), products: products)
        #expect(first.silverRows == 1)
        let known = try OrdersSilver.knownKeys(silver: first.silver)
        // An earlier file name in a later batch: still a duplicate of the row in silver.
        let second = try await OrdersPlanRun.run([bronze(.orders, file: "a.csv", batchId: 2, [
            ["O1", "01/07/2025", "1", "100", "5"],
            ["O2", "2025/07/01", "1", "200", "5"],
            ["O3", "2025/07/01", "1", "100", "5"],
        ])], cleaner: cleaner, known: known, products: products)
        #expect(second.counts == ReasonCounts([.duplicate: 1, .unknownProduct: 1]))
        #expect(texts(try RecordBatch.concat(second.silver, schema: OrdersSchemas.silver), "order_id") == ["O3"])
        #expect(second.isConserved)
    }

    @Test("dedup spilled to disk gives the same rows")
    func spilled() async throws {
        var rows: [[String?]] = []
        for i in 0 ..< 400 { rows.append(["O\(i % 150)", "2025/07/01", "1", "100", "\(i % 3)"]) }
        let chunks = stride(from: 0, to: rows.count, by: 50).map {
            bronze(.orders, file: "f\($0 / 100).csv", firstLine: Int64($0 + 2), Array(rows[$0 ..< $0 + 50]))
        }
        let inMemory = try await OrdersPlanRun.run(chunks, cleaner: cleaner, products: try lookup())
        let directory = try SpillDirectory()
        let spilled = try await OrdersPlanRun.run(chunks, cleaner: cleaner, products: try lookup(),
                                                  budget: MemoryBudget(limit: 1), spill: directory)
        func lines(_ output: OrdersPlanRun) throws -> [String?] {
            try texts(RecordBatch.concat(output.silver, schema: OrdersSchemas.silver), "_source_line").sorted { ($0 ?? "") < ($1 ?? "") }
        }
        #expect(try lines(inMemory) == lines(spilled))
        #expect(inMemory.counts == spilled.counts)
        #expect(spilled.isConserved)
    }

    @Test("monthly sums: complete per partition where the dedup's partitioning holds, partial (same totals) where a sink loses it")
    func monthlySums() async throws {
        var rows: [[String?]] = []
        for i in 0 ..< 300 { rows.append(["O\(i)", "2025/07/0\(1 + i % 3)", "\(i % 7)", "100", "\(1 + i % 5)"]) }
        let chunks = stride(from: 0, to: rows.count, by: 60).map {
            bronze(.orders, file: "f\($0 / 100).csv", firstLine: Int64($0 + 2), Array(rows[$0 ..< $0 + 60]))
        }
        let kept = try await OrdersPlanRun.run(chunks, cleaner: cleaner, products: try lookup())
        let lost = try await OrdersPlanRun.run(chunks, cleaner: cleaner, products: try lookup(), sinkKeepsPartitioning: false)
        func totals(_ output: OrdersPlanRun) throws -> [String: Int64] {
            var sums: [String: Int64] = [:]
            for batch in output.monthly {
                let quantities = try batch.int64("sold_quantity", in: "monthly")
                for (row, key) in zip(texts(batch, "customer_code"), 0 ..< batch.rowCount).map({ ($1, $0) }) {
                    sums[key ?? "", default: 0] += quantities.values[row]
                }
            }
            return sums
        }
        func keysAreDistinct(_ output: OrdersPlanRun) -> Bool {
            let keys = output.monthly.flatMap { batch in
                zip(zip(texts(batch, "date"), texts(batch, "product_code")), texts(batch, "customer_code")).map { "\($0)\($1)" }
            }
            return Set(keys).count == keys.count
        }
        #expect(try totals(kept) == totals(lost))
        #expect(try totals(kept).values.reduce(0, +) > 0)
        // Complete sums: one row per key over all partitions.
        #expect(keysAreDistinct(kept))
    }
}
