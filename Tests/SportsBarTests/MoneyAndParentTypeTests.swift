import Testing
@testable import SportsBar

@Suite("Money and parent types")
struct MoneyAndParentTypeTests {
    @Test("gross_price: absolute value, half-up to 2 decimals, else 0", arguments: [
        ("84", "84.00"), ("-84", "84.00"), ("83.5", "83.50"), ("1.005", "1.01"), ("1.004", "1.00"),
        ("-1.005", "1.01"), ("0.995", "1.00"), ("0", "0.00"), ("-0", "0.00"), ("007.10", "7.10"),
        ("unknown", "0.00"), ("not_available", "0.00"), ("", "0.00"), ("+84", "0.00"), ("84.", "0.00"),
        (".5", "0.00"), ("1e2", "0.00"), (" 84", "0.00"), ("--84", "0.00"),
        ("9999999999999999.99", "9999999999999999.99"), ("9999999999999999.995", "0.00"),
        ("10000000000000000", "0.00"), ("00000000000000000001.5", "1.50"),
    ])
    func grossPrice(text: String, expected: String) {
        #expect(MoneyRule.text(MoneyRule.grossPrice(text)) == expected)
    }

    @Test("NULL gross_price is 0")
    func nullPrice() {
        #expect(MoneyRule.grossPrice(nil as String?) == 0)
    }

    @Test("parent types accept exactly §8's forms")
    func parentTypes() {
        func accepts(_ type: ParentType, _ text: String) -> Bool {
            var copy = text
            return copy.withUTF8 { type.accepts(UnsafeRawBufferPointer($0)) }
        }
        #expect(accepts(.bigint, "161") && accepts(.bigint, "-5") && accepts(.bigint, "+5"))
        #expect(!accepts(.bigint, "1.0") && !accepts(.bigint, "9223372036854775808") && !accepts(.bigint, "x"))
        #expect(accepts(.int, "2024") && !accepts(.int, "2147483648") && !accepts(.int, "20 24"))
        #expect(accepts(.money, "2750") && accepts(.money, "-1.005") && accepts(.money, "+3.1"))
        #expect(!accepts(.money, "1.") && !accepts(.money, ".5") && !accepts(.money, "1e3"))
        #expect(!accepts(.money, "10000000000000000"))
        #expect(accepts(.date, "2024-01-01") && !accepts(.date, "2024-02-30") && !accepts(.date, "2024/01/01"))
        #expect(accepts(.text, "anything"))
    }
}
