import Columns
import Testing
@testable import SQL

/// Expressions over one repetitive text column are evaluated once per distinct value of a
/// batch (`DistinctValueEvaluation`): the results must equal row-by-row evaluation, and
/// the byte-level LIKE and split_part paths must agree with their definitions.
@Suite struct DistinctValueEvaluationTests {
    /// 3,000 rows over 7 customer names (with and without a city, empty, NULL) and a number.
    static let customers: RecordBatch = {
        let names: [String?] = ["Atlas Sports-Hyderabad", "Run Club-New Delhi", "Plain Store", nil, "", "A-B-C", "Zoë Läufer-Köln"]
        var rows: [String?] = []
        var qty: [Int64] = []
        for i in 0 ..< 3000 {
            rows.append(names[(i * 7 + i / 5) % names.count])
            qty.append(Int64(i % 11))
        }
        return RecordBatch(schema: Schema([Field("customer#1", .text), Field("qty#2", .int64)]),
                           columns: [.text(ByteColumnFixture.make(rows)), .int64(FixedColumn(values: ContiguousArray(qty)))])
    }()

    @Test(arguments: [
        "NULLIF(CASE WHEN customer LIKE '%-%' THEN split_part(customer, '-', -1) END, '')",
        "split_part(customer, '-', 2)",
        "split_part(customer, '-', -3)",
        "customer LIKE '%-Hyderabad'",
        "customer LIKE 'Run%'",
        "customer NOT LIKE '%Club%'",
        "customer ILIKE '%KÖLN'",
        "upper(customer)",
        "length(customer) > 10",
        "customer IN ('Plain Store', 'A-B-C')",
        "coalesce(customer, 'none')",
        "concat(customer, '!') = 'Plain Store!'",
    ])
    func perDistinctValueEqualsRowByRow(_ sql: String) throws {
        let fast = try ExpressionHarness.evaluate(sql, over: Self.customers)
        let slow = try ExpressionHarness.evaluate(sql, over: Self.customers, perDistinctValue: false)
        #expect(fast == slow)
        #expect(fast.count == 3000)
    }

    @Test func theCityOfEachRow() throws {
        let city = try ExpressionHarness.evaluate("NULLIF(CASE WHEN customer LIKE '%-%' THEN split_part(customer, '-', -1) END, '')",
                                                  over: Self.customers)
        let names = try ExpressionHarness.evaluate("customer", over: Self.customers)
        let expected: [String: String?] = ["Atlas Sports-Hyderabad": "Hyderabad", "Run Club-New Delhi": "New Delhi",
                                           "Plain Store": nil, "A-B-C": "C", "Zoë Läufer-Köln": "Köln"]
        for (name, value) in zip(names, city) {
            guard let name, let wanted = expected[name] else { #expect(value == nil); continue }
            #expect(value == wanted)
        }
    }

    @Test func repetitiveColumnsGetCodesAndUniqueOnesDoNot() throws {
        guard case let .text(repetitive) = Self.customers.columns[0] else { Issue.record("not text"); return }
        let codes = try #require(DistinctValueEvaluation.codes(repetitive))
        // Seven values: the fixture's mask keeps "" apart from NULL.
        #expect(codes.firsts.count == 7)
        for row in [0, 1, 2, 100, 2999] {
            #expect(repetitive.string(row) == repetitive.string(codes.firsts[codes.codes[row]]))
        }
        let unique = ByteColumnFixture.make((0 ..< 5000).map { "order-\($0)" })
        #expect(DistinctValueEvaluation.codes(unique) == nil)
    }

    @Test func splitPartMatchesItsDefinition() throws {
        let strings = ["", "a", "-", "a-b", "a--b", "-a-", "abab", "x ab y ab z", "äbä"]
        let delimiters = ["-", "--", "ab", "", "ä"]
        var scratch: [Int] = []
        for s in strings {
            for d in delimiters {
                for n: Int64 in [-4, -3, -2, -1, 1, 2, 3, 4] {
                    let expected = Self.splitPartReference(Array(s.utf8), Array(d.utf8), n)
                    let got: [UInt8]? = Array(s.utf8).withUnsafeBytes { sb in
                        Array(d.utf8).withUnsafeBytes { db in
                            StringFunctions.partRange(sb, db, n, positions: &scratch).map { Array(sb[$0]) }
                        }
                    }
                    #expect(got ?? [] == expected, "split_part('\(s)', '\(d)', \(n))")
                }
            }
        }
    }

    /// Spark's split_part: split at every non-overlapping delimiter from the left; part n
    /// (negative from the end); '' out of range; an empty delimiter leaves one part.
    static func splitPartReference(_ s: [UInt8], _ d: [UInt8], _ n: Int64) -> [UInt8] {
        var parts: [[UInt8]] = []
        if d.isEmpty {
            parts = [s]
        } else {
            var current: [UInt8] = [], i = 0
            while i < s.count {
                if i + d.count <= s.count, Array(s[i ..< i + d.count]) == d {
                    parts.append(current)
                    current = []
                    i += d.count
                } else {
                    current.append(s[i])
                    i += 1
                }
            }
            parts.append(current)
        }
        let index = n > 0 ? Int(n) - 1 : parts.count + Int(n)
        return parts.indices.contains(index) ? parts[index] : []
    }

    @Test func likeShapesOnBytes() throws {
        let batch = RecordBatch(schema: Schema([Field("s#1", .text)]),
                                columns: [.text(ByteColumnFixture.make(["abc", "xabcx", "ab", "", nil, "cab", "äbc"]))])
        func like(_ pattern: String) throws -> [String?] { try ExpressionHarness.evaluate("s LIKE '\(pattern)'", over: batch) }
        #expect(try like("abc") == ["true", "false", "false", "false", nil, "false", "false"])
        #expect(try like("ab%") == ["true", "false", "true", "false", nil, "false", "false"])
        #expect(try like("%bc") == ["true", "false", "false", "false", nil, "false", "true"])
        #expect(try like("%ab%") == ["true", "true", "true", "false", nil, "true", "false"])
        #expect(try like("%") == ["true", "true", "true", "true", nil, "true", "true"])
        #expect(try like("") == ["false", "false", "false", "true", nil, "false", "false"])
        #expect(try like("%ä%") == ["false", "false", "false", "false", nil, "false", "true"])
    }
}
