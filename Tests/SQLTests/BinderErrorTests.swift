import LakeFixtures
import SQL
import Testing

/// Errors a user can act on: exact messages, and the caret under the offending name.
@Suite struct BinderErrorTests {
    func error(_ sql: String) async throws -> SQLError {
        let engine = SQLEngine(lake: try await SampleLake.shared.path(), workers: 2)
        do {
            _ = try await engine.run(sql)
        } catch {
            return error
        }
        Issue.record("expected an error from \(sql)")
        return SQLError("no error")
    }

    @Test func unknownColumnSuggestsTheClosestName() async throws {
        let e = try await error("SELECT channel, totl_amount_inr FROM gold.fact_orders_enriched")
        #expect(e.message == "unknown column 'totl_amount_inr' in gold.fact_orders_enriched; did you mean 'total_amount_inr'?")
        #expect(e.rendered == """
            error: line 1:17: unknown column 'totl_amount_inr' in gold.fact_orders_enriched; did you mean 'total_amount_inr'?
             1 | SELECT channel, totl_amount_inr FROM gold.fact_orders_enriched
               |                 ^
            """)
    }

    @Test func unknownColumnOnALaterLineAndQualified() async throws {
        let e = try await error("SELECT o.order_id\nFROM silver.orders o\nWHERE o.ordr_qty > 5")
        #expect(e.message == "unknown column 'ordr_qty' in silver.orders; did you mean 'order_qty'?")
        #expect(e.rendered == """
            error: line 3:9: unknown column 'ordr_qty' in silver.orders; did you mean 'order_qty'?
             3 | WHERE o.ordr_qty > 5
               |         ^
            """)
    }

    @Test func unknownColumnWithoutACloseNameListsTheColumns() async throws {
        let e = try await error("SELECT zzz FROM silver.customers")
        #expect(e.message == "unknown column 'zzz' in silver.customers (columns: customer_id, customer_name, city)")
    }

    @Test func unknownTableSuggestsTheClosestTable() async throws {
        let e = try await error("SELECT * FROM gold.fact_order_enriched")
        #expect(e.message == "unknown table 'gold.fact_order_enriched'; did you mean 'gold.fact_orders_enriched'?")
        #expect(e.location?.column == 15)
    }

    @Test func ambiguousColumnNamesItsTables() async throws {
        let e = try await error("SELECT product_id FROM silver.orders o JOIN silver.products p ON o.product_id = p.product_id")
        #expect(e.message == "column 'product_id' is ambiguous (o.product_id, p.product_id); qualify it")
        #expect(e.location?.column == 8)
    }

    @Test func typeErrorNamesTheExpression() async throws {
        let e = try await error("SELECT order_date * 2 FROM silver.orders")
        #expect(e.message == "type mismatch in 'order_date * 2': DATE * INT needs numbers")
        #expect(e.location?.column == 8)
    }

    @Test func nonBooleanWhere() async throws {
        let e = try await error("SELECT 1 FROM silver.orders WHERE order_qty")
        #expect(e.message == "type mismatch in 'order_qty': 'order_qty' is BIGINT, expected BOOLEAN")
    }

    @Test func ungroupedColumn() async throws {
        let e = try await error("SELECT city, count(*) FROM silver.customers")
        #expect(e.message == "column 'city' must appear in GROUP BY or be inside an aggregate function")
        #expect(e.location?.column == 8)
    }

    @Test func badDateLiteralPointsAtIt() async throws {
        let e = try await error("SELECT count(*) FROM silver.orders WHERE order_date > DATE '2025-02-30'")
        #expect(e.message == "invalid date '2025-02-30': expected yyyy-MM-dd")
        #expect(e.location?.column == 55)
    }

    @Test func badStringComparedWithADate() async throws {
        let e = try await error("SELECT count(*) FROM silver.orders WHERE order_date > 'yesterday'")
        #expect(e.message == "cannot cast 'yesterday' (STRING) to DATE")
        #expect(e.location?.column == 55)
    }

    @Test func syntaxErrorsKeepTheirCaret() async throws {
        let e = try await error("SELECT channel FORM gold.dim_customers")
        #expect(e.rendered.contains("^"))
        #expect(e.location?.line == 1)
    }

    @Test func notSupportedYetIsSaidNotGuessed() async throws {
        let e = try await error("SELECT city, percent_rank() OVER (ORDER BY city) FROM silver.customers")
        #expect(e.message == "not supported yet: the window function percent_rank")
        let t = try await error("SELECT city FROM silver.customers EXCEPT ALL SELECT city FROM silver.customers")
        #expect(t.message == "not supported yet: EXCEPT ALL")
    }

    @Test func overflowIsAnError() async throws {
        let e = try await error("SELECT sum(order_qty * 4611686018427387904) FROM silver.orders")
        #expect(e.message == "arithmetic overflow in order_qty * 4611686018427387904 (result type BIGINT)")
    }
}
