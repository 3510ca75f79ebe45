@testable import Ask
import Foundation
import SQL
import Testing

/// The follow-up context as JSON (a server's client sends it back): it round-trips, and a
/// changed one is refused before it reaches the compiler.
@Suite("Ask context: JSON round trip and checks against the model")
struct ContextCodingTests {
    static func query() -> AskQuery {
        var query = AskQuery()
        query.measures = ["revenue"]
        query.groupBy = ["channel"]
        query.grain = .month
        query.filters = [AskQuery.Filter(dimension: "city", values: ["Hyderabad", "Pune"], excluded: true)]
        query.time = AskQuery.Period(label: "2025", range: MonthRange(first: Month(year: 2025, month: 1), last: Month(year: 2025, month: 12)))
        query.comparison = AskQuery.Comparison(
            current: AskQuery.Period(label: "Q3 2025", range: MonthRange(first: Month(year: 2025, month: 7), last: Month(year: 2025, month: 9))),
            previous: AskQuery.Period(label: "Q3 2024", range: MonthRange(first: Month(year: 2024, month: 7), last: Month(year: 2024, month: 9))))
        query.growth = .quarter
        query.share = true
        query.order = AskQuery.Order(measure: "revenue", descending: true)
        query.limit = 5
        return query
    }

    @Test("every field of a query survives JSON, months as yyyy-MM")
    func roundTrip() throws {
        let context = Asker.Context(previous: Self.query())
        let data = try JSONEncoder().encode(context)
        let text = String(decoding: data, as: UTF8.self)
        #expect(text.contains(#""first":"2025-07""#), "\(text)")
        let back = try JSONDecoder().decode(Asker.Context.self, from: data)
        #expect(back.previous == Self.query())
        let model = try SemanticModel.sportsBar
        #expect(back.previous?.problem(in: model) == nil)
        let empty = try JSONDecoder().decode(Asker.Context.self, from: Data("{}".utf8))
        #expect(empty.previous == nil)
    }

    @Test("months outside yyyy-MM of years 1…9999 do not decode", arguments: ["2025-13", "2025-7", "99999-01", "-001-01", "2025", "x"])
    func badMonths(_ text: String) {
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Month.self, from: Data("\"\(text)\"".utf8)) }
    }

    @Test("names the model does not have, empty measures, reversed periods and odd limits are problems")
    func problems() throws {
        let model = try SemanticModel.sportsBar
        func problem(_ change: (inout AskQuery) -> Void) -> String? {
            var query = Self.query()
            change(&query)
            return query.problem(in: model)
        }
        #expect(problem { $0.measures = [] } == "it names no measure")
        #expect(problem { $0.measures = ["revenue", "profit"] } == "no measure is called 'profit'")
        #expect(problem { $0.groupBy = ["colour"] } == "no dimension is called 'colour'")
        #expect(problem { $0.filters[0].dimension = "1=1 OR x" } == "no dimension is called '1=1 OR x'")
        #expect(problem { $0.filters[0].values = [] } == "the filter on 'city' has no values")
        #expect(problem { $0.order?.measure = "margin" } == "no measure is called 'margin'")
        #expect(problem { $0.limit = 0 }?.contains("limit") == true)
        #expect(problem { $0.time?.range.first = Month(year: 2026, month: 1) } == "a period ends before it starts")
    }

    @Test("an Asker refuses a context that does not fit before reading the lake")
    func askerRefusesBadContext() async throws {
        var bad = AskQuery()
        bad.measures = ["nope"]
        // A lake that does not exist: the check comes before the value index is read.
        let asker = try Asker(engine: SQLEngine(lake: "/nonexistent/medallion-lake", workers: 1))
        await #expect(throws: Asker.InvalidContext.self) { try await asker.understand("and in 2024?", context: .init(previous: bad)) }
    }
}
