import Columns
import Testing
@testable import SQL

/// Expressions evaluated over hand-made batches, against values computed by hand.
@Suite struct ExpressionTests {
    /// Evaluates `sql` (an expression over columns a, b, …) over `batch`.
    func evaluate(_ sql: String, _ batch: RecordBatch) throws -> [String?] {
        let result = try ExpressionHarness.evaluate(sql, over: batch)
        return result
    }

    static let decimals = RecordBatch(
        schema: Schema([Field("price#1", .decimal(precision: 18, scale: 2)), Field("qty#2", .int64)]),
        columns: [
            .decimal(FixedColumn(values: [1050, -333, 0, 999], nulls: [false, false, false, true])),
            .int64(FixedColumn(values: [3, 7, 0, 1])),
        ])

    @Test func decimalTimesIntegerKeepsTheScale() throws {
        // 10.50 × 3 = 31.50; -3.33 × 7 = -23.31; 0 × 0; NULL × 1 = NULL.
        #expect(try evaluate("price * qty", Self.decimals) == ["31.50", "-23.31", "0.00", nil])
    }

    @Test func decimalDivisionRoundsHalfUpAtScaleSix() throws {
        // 10.50 / 3 = 3.5; -3.33 / 7 = -0.475714285… → -0.475714; x / 0 is NULL.
        #expect(try evaluate("price / qty", Self.decimals) == ["3.500000", "-0.475714", nil, nil])
    }

    @Test func decimalPlusDecimalLiteralAlignsScales() throws {
        #expect(try evaluate("price + 0.005", Self.decimals) == ["10.505", "-3.325", "0.005", nil])
    }

    @Test func integerOverflowIsAnErrorNotAWrap() throws {
        let big = RecordBatch(schema: Schema([Field("a#1", .int64)]), columns: [.int64(FixedColumn(values: [Int64.max]))])
        #expect(throws: SQLError.self) { try evaluate("a + 1", big) }
        #expect(try evaluate("a - 1", big) == ["9223372036854775806"])
    }

    static let logic = RecordBatch(
        schema: Schema([Field("a#1", .bool), Field("b#2", .bool)]),
        columns: [
            .bool(FixedColumn(values: [1, 1, 1, 0, 0, 0, 0, 0, 0], nulls: [false, false, false, false, false, false, true, true, true])),
            .bool(FixedColumn(values: [1, 0, 0, 1, 0, 0, 1, 0, 0], nulls: [false, false, true, false, false, true, false, false, true])),
        ])

    @Test func threeValuedAndOrNot() throws {
        // a: T T T F F F N N N; b: T F N T F N T F N
        #expect(try evaluate("a AND b", Self.logic) == ["true", "false", nil, "false", "false", "false", nil, "false", nil])
        #expect(try evaluate("a OR b", Self.logic) == ["true", "true", "true", "true", "false", nil, "true", nil, nil])
        #expect(try evaluate("NOT a", Self.logic) == ["false", "false", "false", "true", "true", "true", nil, nil, nil])
        #expect(try evaluate("a IS NULL", Self.logic) == ["false", "false", "false", "false", "false", "false", "true", "true", "true"])
    }

    static let dates = RecordBatch(
        schema: Schema([Field("d#1", .date), Field("s#2", .text)]),
        columns: [
            .date(FixedColumn(values: [CivilDate.days(year: 2024, month: 2, day: 29)!, CivilDate.days(year: 2025, month: 1, day: 31)!, 0],
                              nulls: [false, false, true])),
            .text(ByteColumnFixture.make(["Hello World", "ÄBc", nil])),
        ])

    @Test func dateFunctions() throws {
        #expect(try evaluate("year(d)", Self.dates) == ["2024", "2025", nil])
        #expect(try evaluate("quarter(d)", Self.dates) == ["1", "1", nil])
        // 2024-02-29 was a Thursday (5), 2025-01-31 a Friday (6).
        #expect(try evaluate("dayofweek(d)", Self.dates) == ["5", "6", nil])
        #expect(try evaluate("add_months(d, 1)", Self.dates) == ["2024-03-29", "2025-02-28", nil])
        #expect(try evaluate("add_months(d, 12)", Self.dates) == ["2025-02-28", "2026-01-31", nil])
        #expect(try evaluate("last_day(d)", Self.dates) == ["2024-02-29", "2025-01-31", nil])
        #expect(try evaluate("date_add(d, 1)", Self.dates) == ["2024-03-01", "2025-02-01", nil])
        #expect(try evaluate("d - 30", Self.dates) == ["2024-01-30", "2025-01-01", nil])
        #expect(try evaluate("datediff(d, DATE '2024-01-01')", Self.dates) == ["59", "396", nil])
        #expect(try evaluate("date_trunc('quarter', d)", Self.dates) == ["2024-01-01", "2025-01-01", nil])
        #expect(try evaluate("date_format(d, 'yyyy-MM')", Self.dates) == ["2024-02", "2025-01", nil])
        #expect(try evaluate("date_format(d, 'MMM d, yyyy (EEE)')", Self.dates) == ["Feb 29, 2024 (Thu)", "Jan 31, 2025 (Fri)", nil])
        #expect(try evaluate("make_date(2024, 2, 30) IS NULL", Self.dates) == ["true", "true", "true"])
        #expect(try evaluate("d BETWEEN DATE '2024-01-01' AND '2024-12-31'", Self.dates) == ["true", "false", nil])
    }

    @Test func stringFunctions() throws {
        #expect(try evaluate("lower(s)", Self.dates) == ["hello world", "äbc", nil])
        #expect(try evaluate("upper(s)", Self.dates) == ["HELLO WORLD", "ÄBC", nil])
        #expect(try evaluate("length(s)", Self.dates) == ["11", "3", nil])
        #expect(try evaluate("substring(s, 2, 3)", Self.dates) == ["ell", "Bc", nil])
        #expect(try evaluate("substring(s, -5)", Self.dates) == ["World", "ÄBc", nil])
        #expect(try evaluate("split_part(s, ' ', 2)", Self.dates) == ["World", "", nil])
        #expect(try evaluate("concat_ws('-', s, NULL, 'x')", Self.dates) == ["Hello World-x", "ÄBc-x", "x"])
        #expect(try evaluate("concat(s, '!')", Self.dates) == ["Hello World!", "ÄBc!", nil])
        #expect(try evaluate("lpad(s, 5, '*')", Self.dates) == ["Hello", "**ÄBc", nil])
        #expect(try evaluate("initcap(lower(s))", Self.dates) == ["Hello World", "Äbc", nil])
        #expect(try evaluate("replace(s, 'o', '0')", Self.dates) == ["Hell0 W0rld", "ÄBc", nil])
        #expect(try evaluate("s LIKE 'H%o_ld'", Self.dates) == ["true", "false", nil])  // H·ello W·o·r·ld
        #expect(try evaluate("s LIKE 'H%W_rld'", Self.dates) == ["true", "false", nil])
        #expect(try evaluate("s ILIKE 'äb%'", Self.dates) == ["false", "true", nil])
    }

    @Test func caseCoalesceNullifIfAndIn() throws {
        #expect(try evaluate("CASE WHEN qty > 5 THEN 'big' WHEN qty > 0 THEN 'small' END", Self.decimals) == ["small", "big", nil, "small"])
        #expect(try evaluate("coalesce(price, 0)", Self.decimals) == ["10.50", "-3.33", "0.00", "0.00"])
        #expect(try evaluate("nullif(qty, 0)", Self.decimals) == ["3", "7", nil, "1"])
        #expect(try evaluate("if(qty IN (1, 3), 'odd', 'other')", Self.decimals) == ["odd", "other", "other", "odd"])
        #expect(try evaluate("qty IN (1, NULL)", Self.decimals) == [nil, nil, nil, "true"])
        #expect(try evaluate("qty NOT IN (1, 3)", Self.decimals) == ["false", "true", "true", "false"])
        #expect(try evaluate("CAST(price AS INT)", Self.decimals) == ["10", "-3", "0", nil])
        #expect(try evaluate("round(price / 3, 1)", Self.decimals) == ["3.5", "-1.1", "0.0", nil])
    }
}
