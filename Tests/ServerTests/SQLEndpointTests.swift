import Foundation
import Hummingbird
import HummingbirdTesting
import LakeFixtures
import SQL
import Server
import Testing

/// `POST /api/sql` over the sample lake: the JSON shape, exact values, the row cap.
@Suite struct SQLEndpointTests {
    @Test func answersAQueryWithTypedColumnsAndExactValues() async throws {
        let lake = try await ServerHarness.sampleLake()
        let query = """
            SELECT channel, date_trunc('month', date) AS month, sum(total_amount_inr) AS revenue, count(*) AS orders
            FROM gold.fact_orders_enriched WHERE date >= DATE '2025-10-01'
            GROUP BY 1, 2 ORDER BY 1, 2
            """
        // What the engine itself returns, as text per value.
        let expected = try await SQLEngine(lake: lake, catalog: LakeDirectoryCatalog(lake: lake), workers: 2).run(query)
        try await ServerHarness.with(ServerHarness.configuration(lake: lake)) { client in
            let response = try await ServerHarness.sql(client, query)
            #expect(response.status == .ok, "\(response.text)")
            #expect(response.headers[.contentType]?.hasPrefix("application/json") == true)
            let object = response.object
            let columns = try #require(object["columns"] as? [[String: String]])
            #expect(columns.map { $0["name"] } == ["channel", "month", "revenue", "orders"])
            #expect(columns[3]["type"] == "BIGINT")
            #expect(columns[2]["type"]?.hasPrefix("DECIMAL(") == true, "\(columns)")
            #expect(object["rowCount"] as? Int == expected.rowCount)
            #expect(expected.rowCount > 0)
            #expect(object["truncated"] as? Bool == false)
            #expect(object["lakeVersion"] as? Int == 1)
            #expect((object["elapsedMs"] as? Double).map { $0 > 0 } == true)
            // Each row exactly as the engine's values: strings quoted, numbers bare with their scale.
            func quoted(_ text: String?) -> String { text.map { "\"\($0)\"" } ?? "null" }
            let rows = expected.rows().map { row in
                "[" + [quoted(row[0]), quoted(row[1]), row[2] ?? "null", row[3] ?? "null"].joined(separator: ",") + "]"
            }
            #expect(rows.contains { $0.hasPrefix("[null,") }, "the sample data has orders without a channel")
            #expect(response.text.contains(#""rows":["# + rows.joined(separator: ",") + "]"), "\(response.text)")
        }
    }

    @Test func decimalsKeepTheirScaleDatesAreISOAndNullIsNull() async throws {
        let lake = try await ServerHarness.sampleLake()
        try await ServerHarness.with(ServerHarness.configuration(lake: lake)) { client in
            let response = try await ServerHarness.sql(client, """
                SELECT CAST(12.5 AS DECIMAL(10,2)) AS d, CAST(-0.05 AS DECIMAL(10,3)) AS small, DATE '2024-03-01' AS day,
                       NULL AS nothing, 'say "hi"\\n' AS s, 7 AS i, true AS b, 0.25D AS x
                """)
            #expect(response.status == .ok, "\(response.text)")
            #expect(response.text.contains(#""rows":[[12.50,-0.050,"2024-03-01",null,"say \"hi\"\n",7,true,0.25]]"#),
                    "\(response.text)")
        }
    }

    @Test func rowsPastTheCapAreCutAndSaidSo() async throws {
        let lake = try await ServerHarness.sampleLake()
        let limits = ServeLimits(maxRows: 5, maxConcurrentQueries: 2)
        try await ServerHarness.with(ServerHarness.configuration(lake: lake, limits: limits)) { client in
            let all = try await ServerHarness.sql(client, "SELECT * FROM gold.fact_orders")
            #expect(all.status == .ok)
            #expect(all.object["rowCount"] as? Int == 5)
            #expect((all.object["rows"] as? [Any])?.count == 5)
            #expect(all.object["truncated"] as? Bool == true)
            let exact = try await ServerHarness.sql(client, "SELECT * FROM gold.fact_orders LIMIT 5")
            #expect(exact.object["rowCount"] as? Int == 5)
            #expect(exact.object["truncated"] as? Bool == false)
            let fewer = try await ServerHarness.sql(client, "SELECT * FROM gold.fact_orders LIMIT 3")
            #expect(fewer.object["rowCount"] as? Int == 3)
            #expect(fewer.object["truncated"] as? Bool == false)
        }
    }

    @Test func showDescribeAndExplainAreAllowed() async throws {
        let lake = try await ServerHarness.sampleLake()
        try await ServerHarness.with(ServerHarness.configuration(lake: lake)) { client in
            let show = try await ServerHarness.sql(client, "SHOW TABLES IN gold")
            #expect(show.status == .ok)
            #expect(show.text.contains(#"["gold","fact_orders_enriched"]"#), "\(show.text)")
            let describe = try await ServerHarness.sql(client, "DESCRIBE silver.orders")
            #expect(describe.text.contains(#"["order_qty","bigint",null]"#), "\(describe.text)")
            let explain = try await ServerHarness.sql(client, "EXPLAIN SELECT count(*) FROM gold.fact_orders")
            #expect(explain.status == .ok)
            #expect(explain.text.contains("DeltaScanExec"), "\(explain.text)")
        }
    }

    @Test func tablesListsLayerTableColumnsAndVersion() async throws {
        let lake = try await ServerHarness.sampleLake()
        try await ServerHarness.with(ServerHarness.configuration(lake: lake)) { client in
            let response = try await client.executeRequest(uri: "/api/tables", method: .get, headers: [:], body: nil)
            #expect(response.status == .ok)
            #expect(response.object["lakeVersion"] as? Int == 1)
            let tables = try #require(response.object["tables"] as? [[String: Any]])
            let names = tables.compactMap { $0["name"] as? String }
            #expect(names.contains("gold.fact_orders_enriched") && names.contains("silver.orders") && names.contains("bronze.orders"))
            let orders = try #require(tables.first { $0["name"] as? String == "silver.orders" })
            #expect(orders["layer"] as? String == "silver")
            #expect(orders["table"] as? String == "orders")
            #expect(orders["version"] as? Int == 0)
            #expect(orders["rows"] as? Int == 48645)
            #expect(orders["partitionColumns"] as? [String] == ["order_month"])
            let columns = try #require(orders["columns"] as? [[String: String]])
            #expect(columns.contains(["name": "order_qty", "type": "BIGINT"]))
        }
    }

    @Test func healthSaysOkWithTheLakeVersion() async throws {
        let lake = try await ServerHarness.sampleLake()
        try await ServerHarness.with(ServerHarness.configuration(lake: lake)) { client in
            let response = try await client.executeRequest(uri: "/health", method: .get, headers: [:], body: nil)
            #expect(response.status == .ok)
            #expect(response.text == #"{"status":"ok","lakeVersion":1}"#)
        }
    }
}
