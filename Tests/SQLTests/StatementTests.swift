import LakeFixtures
import Columns
import Lake
import SQL
import Testing

/// SHOW / DESCRIBE / EXPLAIN, CSV and JSON output, and the plan shapes queries get.
@Suite struct StatementTests {
    func engine() async throws -> SQLEngine { SQLEngine(lake: try await SampleLake.shared.path(), workers: 2) }

    @Test func showTablesInALayer() async throws {
        let result = try await engine().run("SHOW TABLES IN gold")
        #expect(result.columnNames == ["namespace", "tableName"])
        #expect(result.rows().map { $0[1] } == ["dim_customers", "dim_date", "dim_gross_price", "dim_products", "fact_orders",
                                                 "fact_orders_enriched"])
        let like = try await engine().run("SHOW TABLES IN silver LIKE 'c*|p*'")
        #expect(like.rows().map { $0[1] } == ["customers", "products"])
    }

    @Test func describeShowsSparkTypesAndPartitions() async throws {
        let rows = try await engine().run("DESCRIBE silver.orders").rows()
        #expect(rows.first == ["order_id", "string", nil])
        #expect(rows.contains(["order_qty", "bigint", nil]))
        #expect(rows.suffix(3) == [["# Partition Information", "", ""], ["# col_name", "data_type", "comment"],
                                   ["order_month", "date", nil]])
    }

    @Test("a group-by over a small dimension aggregates the large side by the join key before the join")
    func eagerAggregationBeforeTheJoin() async throws {
        let plan = try await engine().run("""
            EXPLAIN SELECT p.category, count(*), sum(o.order_qty) FROM silver.orders o
            JOIN silver.products p ON o.product_code = p.product_code GROUP BY p.category
            """).rows()[0][0] ?? ""
        let lines = plan.split(separator: "\n").map(String.init)
        let join = try #require(lines.firstIndex { $0.contains("HashJoinExec: inner") }, "\(plan)")
        // Below the join, the orders grouped by their product code; above it, the categories.
        #expect(lines[join...].contains { $0.contains("HashAggregateExec: partial, group by [product_code#") }, "\(plan)")
        #expect(lines[..<join].contains { $0.contains("HashAggregateExec: final, group by [category#") }, "\(plan)")
        // Not with a DISTINCT aggregate (a partial cannot carry it).
        let distinct = try await engine().run("""
            EXPLAIN SELECT p.category, count(DISTINCT o.customer_id) FROM silver.orders o
            JOIN silver.products p ON o.product_code = p.product_code GROUP BY p.category
            """).rows()[0][0] ?? ""
        let distinctLines = distinct.split(separator: "\n").map(String.init)
        let distinctJoin = try #require(distinctLines.firstIndex { $0.contains("HashJoinExec: inner") })
        #expect(!distinctLines[distinctJoin...].contains { $0.contains("HashAggregateExec") }, "\(distinct)")
    }

    @Test func explainShowsThePrunedScan() async throws {
        let plan = try await engine().run("""
            EXPLAIN SELECT channel, sum(total_amount_inr) FROM gold.fact_orders_enriched
            WHERE date >= DATE '2025-11-01' AND sold_quantity > 10 GROUP BY channel ORDER BY 2 DESC LIMIT 3
            """).rows()[0][0] ?? ""
        // The files of the two months kept, counted from the Delta log.
        let snapshot = try DeltaTable(path: try await SampleLake.shared.path() + "/gold/fact_orders_enriched").snapshot()
        let kept = snapshot.files.filter { ($0.partitionValues["date"] ?? nil).map { $0 >= "2025-11-01" } ?? false }.count
        #expect(kept > 0 && kept < snapshot.files.count)
        #expect(plan.contains("DeltaScanExec"))
        #expect(plan.contains(", \(kept) of \(snapshot.files.count) files"), "\(plan)")
        #expect(plan.contains("partitions date#1 >= DATE '2025-11-01'"), "\(plan)")
        #expect(plan.contains("row groups"), "\(plan)")
        #expect(plan.contains("columns [date, channel, sold_quantity, total_amount_inr]"), "\(plan)")
        #expect(plan.contains("HashAggregateExec: partial") && plan.contains("RepartitionExec: hash"))
        #expect(plan.contains("SortExec") && plan.contains("fetch 3"))
    }

    @Test func csvQuotesAndNulls() async throws {
        let result = try await engine().run("""
            SELECT 'a,b' AS text, CAST(NULL AS INT) AS nothing, DATE '2025-01-05' AS day, 12.50 * 2 AS amount,
                   'say "hi"' AS quote, '' AS empty
            """)
        #expect(ResultText.csv(result) == "text,nothing,day,amount,quote,empty\n\"a,b\",,2025-01-05,25.00,\"say \"\"hi\"\"\",\"\"\n")
        #expect(ResultText.jsonLines(result) == "{\"text\":\"a,b\",\"nothing\":null,\"day\":\"2025-01-05\",\"amount\":25.00,\"quote\":\"say \\\"hi\\\"\",\"empty\":\"\"}\n")
    }

    @Test func csvOfAGroupBy() async throws {
        let result = try await engine().run("""
            SELECT city, count(*) AS customers FROM silver.customers GROUP BY city ORDER BY city
            """)
        // silver.customers by hand: the sample's 35 customers in three cities.
        let csv = ResultText.csv(result)
        #expect(csv.hasPrefix("city,customers\n"))
        #expect(csv.split(separator: "\n").count == 4)
        #expect(result.rows().reduce(0) { $0 + (Int($1[1] ?? "") ?? 0) } == 35)
    }

    @Test func topNSortsEachPartitionThenMerges() async throws {
        let plan = try await engine().plan("SELECT customer_id FROM silver.orders ORDER BY order_qty DESC LIMIT 5")
        let text = PlanNodeText.of(plan)
        #expect(text.contains("SortExec: sort#") && text.contains("fetch 5"))
        #expect(text.contains("CoalescePartitionsExec"))
    }

    @Test func joinsBroadcastTheSmallerSide() async throws {
        let plan = try await engine().plan("""
            SELECT p.category, count(*) FROM silver.orders o JOIN silver.products p ON o.product_id = p.product_id GROUP BY 1
            """)
        let text = PlanNodeText.of(plan)
        #expect(text.contains("HashJoinExec: inner, broadcast"))
        // The products (18 rows) are the build side: the first child of the join.
        let lines = text.split(separator: "\n")
        if let join = lines.firstIndex(where: { $0.contains("HashJoinExec") }) {
            #expect(lines[(join + 1)...].first { $0.contains("DeltaScanExec") }?.contains("silver/products") == true)
        }
    }
}

import Workers

enum PlanNodeText {
    static func of(_ plan: any ExecutionPlan) -> String { PlanText.explain(plan) }
}
