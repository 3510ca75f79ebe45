import Columns
import Partition
import Testing

@Suite("Field parsers")
struct FieldParsersTests {
    func decimal(_ text: String, precision: Int = 18, scale: Int = 2) -> Int64? {
        Array(text.utf8).withUnsafeBytes { FieldParsers.decimal($0, precision: precision, scale: scale) }
    }

    @Test("decimals round half-up at the scale and reject what the pattern of Rules §8.3 rejects")
    func decimals() {
        #expect(decimal("150.0") == 15000)
        #expect(decimal("84") == 8400)
        #expect(decimal("-84.125") == -8413)
        #expect(decimal("0.124") == 12)
        #expect(decimal("+7.5", scale: 0) == 8)
        #expect(decimal("-0.5", scale: 0) == -1)
        #expect(decimal("0000012.30") == 1230)
        #expect(decimal("9999999999999999.99") == 999_999_999_999_999_999)
        #expect(decimal("99999999999999999.99") == nil, "past DECIMAL(18,2)")
        #expect(decimal("9999999999999999.995") == nil, "rounds past DECIMAL(18,2)")
        for bad in ["", "-", ".5", "5.", "1e3", "1,0", " 1", "1 ", "abc", "1.2.3", "--1"] {
            #expect(decimal(bad) == nil, "\(bad)")
        }
    }

    @Test("integers: sign, range, nothing else")
    func integers() {
        func int(_ t: String) -> Int64? { Array(t.utf8).withUnsafeBytes { FieldParsers.int64($0) } }
        #expect(int("-9223372036854775808") == Int64.min)
        #expect(int("9223372036854775807") == Int64.max)
        #expect(int("9223372036854775808") == nil)
        #expect(int("+12") == 12)
        #expect(int("1.0") == nil && int("") == nil && int("-") == nil)
    }

    @Test("ISO dates must exist and have exact widths")
    func dates() {
        func date(_ t: String) -> Int32? { Array(t.utf8).withUnsafeBytes { FieldParsers.isoDate($0) } }
        #expect(date("1970-01-01") == 0)
        #expect(date("2024-02-29") == CivilDate.days(year: 2024, month: 2, day: 29))
        #expect(date("2025-02-29") == nil && date("2025-13-01") == nil && date("2025-1-05") == nil)
        let d = CivilDate.days(year: 2025, month: 7, day: 1) ?? 0
        #expect(CivilDate.isoString(d) == "2025-07-01")
        #expect(CivilDate.civil(d) == (2025, 7, 1))
    }
}
