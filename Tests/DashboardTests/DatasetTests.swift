@testable import Dashboard
import LakeFixtures
import SQL
import Testing

/// The datasets of the shipped definition over the sample data's lake, against the
/// SQL engine's own answers.
@Suite("Dashboard datasets")
struct DatasetTests {
    static func engine() async throws -> (SQLEngine, String) {
        let lake = try await SampleLake.shared.path()
        return (try DashboardEngine.make(lake: lake, workers: 2), lake)
    }

    static func single(_ engine: SQLEngine, _ sql: String) async throws -> String? {
        try await engine.run(sql).rows().first?.first ?? nil
    }

    @Test("the sales cube sums to the table's revenue and quantity")
    func cubeTotals() async throws {
        let (engine, _) = try await Self.engine()
        let data = try await DatasetBuilder.build(try DashboardDefinition.sportsBarDefault, engine: engine)
        let sales = try #require(data.cubes["sales"])
        let revenue = try #require(sales.measures.first { $0.name == "revenue" })
        let quantity = try #require(sales.measures.first { $0.name == "quantity" })
        #expect(revenue.scale == 2)
        let cents = revenue.values.reduce(0, +)
        let expected = try #require(try await Self.single(engine, "SELECT sum(total_amount_inr) FROM gold.fact_orders_enriched"))
        #expect("\(cents / 100).\(String(cents % 100).count == 1 ? "0" : "")\(cents % 100)" == expected)
        let units = try #require(try await Self.single(engine, "SELECT sum(sold_quantity) FROM gold.fact_orders_enriched"))
        #expect(String(quantity.values.reduce(0, +)) == units)
        // Dimensions are dictionary-encoded: a code per row, each value once.
        let channel = try #require(sales.dimensions.first { $0.name == "channel" })
        #expect(channel.column.codes.count == sales.rows)
        #expect(Set(channel.column.values).count == channel.column.values.count)
    }

    @Test("the buyers bitsets count exactly the customers SQL counts, overall and for one product and month")
    func distinctCustomers() async throws {
        let (engine, _) = try await Self.engine()
        let data = try await DatasetBuilder.build(try DashboardDefinition.sportsBarDefault, engine: engine)
        let buyers = try #require(data.distincts["buyers"])
        let customer = try #require(buyers.dimensions.first { $0.name == "customer_code" })
        let date = try #require(buyers.dimensions.first { $0.name == "date" })
        #expect(Set(customer.column.codes).count
            == Int(try #require(try await Self.single(engine, "SELECT count(DISTINCT customer_code) FROM gold.fact_orders_enriched"))))
        // The product with the most rows, in the last month.
        let top = try await engine.run("""
            SELECT product, max(date) AS last FROM gold.fact_orders_enriched GROUP BY product ORDER BY count(*) DESC, product LIMIT 1
            """).rows()
        let product = try #require(top.first?[0] ?? nil), month = try #require(top.first?[1] ?? nil)
        let member = try #require(buyers.setValues.firstIndex(of: product))
        var customers = Set<Int32>()
        for row in 0 ..< buyers.rows where date.column.values[Int(date.column.codes[row])] == month {
            if buyers.bits[row * buyers.words + member / 32] & (1 << UInt32(member % 32)) != 0 {
                customers.insert(customer.column.codes[row])
            }
        }
        let expected = try #require(try await Self.single(engine, """
            SELECT count(DISTINCT customer_code) FROM gold.fact_orders_enriched WHERE product = '\(product.replacingOccurrences(of: "'", with: "''"))' \
            AND date = DATE '\(month)'
            """))
        #expect(customers.count == Int(expected))
        #expect(customers.count > 0)
    }

    @Test("a dataset whose SQL fails names the dataset and its line")
    func failingSQL() async throws {
        let (engine, _) = try await Self.engine()
        let definition = try DashboardDefinition.parse(yaml: """
            datasets:
              sales:
                sql: SELECT channel, sum(total_amount_inr) AS revenue FROM gold.no_such_table GROUP BY channel
                measures: {revenue: inr}
            widgets:
              - {name: r, type: counter, dataset: sales, y: revenue}
            """, file: "t.yaml")
        await #expect { try await DatasetBuilder.build(definition, engine: engine) } throws: { error in
            let text = "\(error)"
            return text.contains("dataset `sales` (line 3)") && text.contains("no_such_table")
        }
    }

    @Test("a measure that is text is refused by name")
    func textMeasure() async throws {
        let (engine, _) = try await Self.engine()
        let definition = try DashboardDefinition.parse(yaml: """
            datasets:
              sales:
                sql: SELECT channel, max(channel) AS revenue FROM gold.fact_orders_enriched GROUP BY channel
                measures: {revenue: inr}
            widgets:
              - {name: r, type: counter, dataset: sales, y: revenue}
            """, file: "t.yaml")
        await #expect { try await DatasetBuilder.build(definition, engine: engine) } throws: {
            "\($0)".contains("measure `revenue` is STRING; a measure must be an integer or a decimal")
        }
    }

    @Test("the page names the lake version and run, and inlines everything")
    func pageIsSelfContained() async throws {
        let (engine, lake) = try await Self.engine()
        let output = try await DashboardPage.build(engine: engine, lake: lake, definition: try DashboardDefinition.sportsBarDefault)
        let version = try LakeVersion.current(lake: lake)
        #expect(output.version == version)
        #expect(version.version != nil && version.run != nil)
        #expect(output.html.contains("data-lake-version=\"\(version.version ?? -1)\""))
        for kpi in ["revenue", "quantity", "customers", "asp"] { #expect(output.html.contains("data-kpi=\"\(kpi)\"")) }
        #expect(output.html.contains("<select data-filter=\"year\">"))
        // Nothing loaded from elsewhere: no src/href attributes at all.
        #expect(!output.html.contains(" src=") && !output.html.contains(" href="))
        #expect(output.html.contains("Chart.js v"))
        // The file has no server behind it: no ask box (only `medallion serve`'s page has one).
        #expect(!output.html.contains("data-ask") && !output.html.contains("api/ask"))
    }
}

@Suite("Dashboard field checks")
struct FieldCheckTests {
    @Test("a widget grouping by a field its dataset lacks, or a filter no dataset has, names the line")
    func unknownFields() async throws {
        let (engine, lake) = try await DatasetTests.engine()
        let yaml = """
            datasets:
              sales:
                sql: SELECT channel, sum(total_amount_inr) AS revenue FROM gold.fact_orders_enriched GROUP BY channel
                measures: {revenue: inr}
            filters:
              - {field: channel}
            widgets:
              - {name: r, type: counter, dataset: sales, y: revenue}
              - {name: b, type: bar, dataset: sales, x: chanel, y: revenue}
            """
        await #expect {
            try await DashboardPage.render(engine: engine, lake: lake, definition: try DashboardDefinition.parse(yaml: yaml, file: "t.yaml"))
        } throws: { "\($0)" == "line 9: widget `b` groups by `chanel`, which dataset `sales` does not have (it has: channel)" }
        let badFilter = yaml.replacingOccurrences(of: "{field: channel}", with: "{field: region}")
            .replacingOccurrences(of: "x: chanel", with: "x: channel")
        await #expect {
            try await DashboardPage.render(engine: engine, lake: lake, definition: try DashboardDefinition.parse(yaml: badFilter, file: "t.yaml"))
        } throws: { "\($0)" == "line 6: filter `region` is a field of no dataset (fields: channel)" }
    }
}
