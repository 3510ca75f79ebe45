import LakeFixtures
import SQL
import Testing

/// The differences the differential test found, each as the smallest query that showed it.
@Suite struct DifferentialFindingsTests {
    func rows(_ sql: String) async throws -> [[String?]] {
        try await SQLEngine(lake: try await SampleLake.shared.path(), workers: 2).run(sql).rows()
    }

    /// The empty grouping set (ROLLUP's and CUBE's grand total) is a global aggregate:
    /// one row over no rows, as Spark and DuckDB give.
    @Test func emptyGroupingSetOverNoRows() async throws {
        #expect(try await rows("SELECT channel, count(*) FROM gold.dim_customers WHERE 1 = 0 GROUP BY ROLLUP(channel)")
            == [[nil, "0"]])
        #expect(try await rows("SELECT channel, platform, count(*) FROM gold.dim_customers WHERE false GROUP BY CUBE(channel, platform)")
            == [[nil, nil, "0"]])
        // the sorted-partition aggregates (median, min of text) too
        #expect(try await rows("""
            SELECT channel, median(1), count(*), min(platform) FROM gold.dim_customers WHERE false
            GROUP BY GROUPING SETS ((channel), ())
            """) == [[nil, nil, "0", nil]])
    }

    /// Counts beside count(DISTINCT …) are merged as sums of partial counts; over no rows
    /// they are 0, not NULL.
    @Test func countsBesideDistinctOverNoRows() async throws {
        #expect(try await rows("SELECT count(DISTINCT channel), count(*), count(channel) FROM gold.dim_customers WHERE 1 = 0")
            == [["0", "0", "0"]])
    }
}
