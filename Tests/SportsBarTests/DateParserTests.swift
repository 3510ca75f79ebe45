import Columns
import Testing
@testable import SportsBar

@Suite("Date rules")
struct DateParserTests {
    let orders = DateParser.orderPlacement(.standard)
    let prices = DateParser.grossPriceMonth(.standard)

    @Test("order dates that parse", arguments: [
        ("2025/07/01", "2025-07-01"), ("01-07-2025", "2025-07-01"), ("01/07/2025", "2025-07-01"),
        ("Tuesday, July 01, 2025", "2025-07-01"), ("July 01, 2025", "2025-07-01"), ("JULY 01, 2025", "2025-07-01"),
        ("tuesday,July 01, 2025", "2025-07-01"), ("Tue,   december 31, 2025", "2025-12-31"),
        ("Mon,\t2025/07/01", "2025-07-01"), ("x, 01-07-2025", "2025-07-01"), ("2024/02/29", "2024-02-29"),
        // Weekday names are not checked against the date (only stripped).
        ("Friday, July 01, 2025", "2025-07-01"),
    ])
    func ordersParse(text: String, iso: String) {
        #expect(orders.parse(text).map(CivilDate.isoString) == iso)
    }

    @Test("order dates that do not parse", arguments: [
        "2025/13/01", "2025/1/5", "2025-07-01", "07/01/25", "2025/02/29", "2023/02/29", "31-04-2025",
        "Jul 01, 2025", "July 1, 2025", "July 01 2025", "July 01,2025", "July  01, 2025", "Tuesday July 01, 2025",
        ", 2025/07/01", "1st, 2025/07/01", " 2025/07/01", "2025/07/01 ", "Juli 01, 2025", "0000/01/01",
        "Tuesday, ", "", "2025/07/01x", "Tuesday, Tuesday, July 01, 2025",
    ])
    func ordersReject(text: String) {
        #expect(orders.parse(text) == nil)
    }

    @Test("gross_price months: four numeric formats, first match wins")
    func grossPriceMonths() {
        #expect(prices.parse("2025/07/01").map(CivilDate.isoString) == "2025-07-01")
        #expect(prices.parse("01/08/2025").map(CivilDate.isoString) == "2025-08-01")
        #expect(prices.parse("2025-10-01").map(CivilDate.isoString) == "2025-10-01")
        #expect(prices.parse("01-09-2025").map(CivilDate.isoString) == "2025-09-01")
        // No weekday strip and no month names for gross_price.
        #expect(prices.parse("Monday, 2025/07/01") == nil)
        #expect(prices.parse("July 01, 2025") == nil)
        #expect(prices.parse("2025/02/30") == nil)
    }

    @Test("format order matters: dd-MM-yyyy before dd/MM/yyyy is irrelevant, yyyy first")
    func order() {
        // Both `dd/MM/yyyy` and the US reading would accept 02/03/2025: the rules' means 2 March.
        #expect(orders.parse("02/03/2025").map(CivilDate.isoString) == "2025-03-02")
    }
}
