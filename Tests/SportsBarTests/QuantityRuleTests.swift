import Testing
@testable import SportsBar

@Suite("order_qty rule")
struct QuantityRuleTests {
    @Test("valid quantities", arguments: [
        ("150.0", Int64(150)), ("150", 150), ("46.", 46), ("+7", 7), ("0", 0), ("-0", 0), ("-0.000", 0),
        ("0.0e5", 0), ("1.5e1", 15), ("1500e-1", 150), ("12.30e1", 123), (".5e1", 5),
        ("007", 7), ("1e0", 1), ("1e+2", 100), ("9223372036854775807", Int64.max),
        ("922337203685477580.7e1", Int64.max), ("0.000000000000000000001e21", 1),
    ])
    func valid(text: String, value: Int64) {
        #expect(QuantityRule.evaluate(text) == .valid(value))
    }

    @Test("invalid quantities", arguments: [
        "abc", "", ".", "+", "-", "1.5", "-1", "-1.0", "1e-1", "0.1e0", "1.05e1", " 5", "5 ", "5,0", "1e", "1e+",
        "e5", "1..0", "0x10", "NaN", "Infinity", "9223372036854775808", "1e19", "1e1000000000000000000000",
        "-5e2", "15E-1e", "１", "10.0.0", "1_000",
    ])
    func invalid(text: String) {
        #expect(QuantityRule.evaluate(text) == .invalid)
    }
}
