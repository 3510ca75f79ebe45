@testable import Ask
import SQLSyntax
import Testing

@Suite("Ask reading: words, singulars, near misses, the model")
struct ReadingTests {
    @Test("words: lower case, & is and, punctuation separates, apostrophes split")
    func words() {
        #expect(Words.key("Brick & Mortar") == ["brick", "and", "mortar"])
        #expect(Words.key("E-Commerce, year-over-year?") == ["e", "commerce", "year", "over", "year"])
        #expect(Words.key("Athlete's Choice") == ["athlete", "s", "choice"])
        #expect(Words.key("12.5 kg.") == ["12.5", "kg"])
    }

    @Test("singulars by the regular rules")
    func singulars() {
        #expect(Words.singular("categories") == "category")
        #expect(Words.singular("bars") == "bar")
        #expect(Words.singular("boxes") == "box")
        #expect(Words.singular("glass") == "glass")
        #expect(Words.singular("bus") == "bus")
    }

    @Test("Damerau-Levenshtein: transpositions count one, the limit cuts early")
    func distance() {
        #expect(EditDistance.between("protien", "protein", limit: 3) == 1)
        #expect(EditDistance.between("hydrabad", "hyderabad", limit: 3) == 1)
        #expect(EditDistance.between("kitten", "sitting", limit: 5) == 3)
        #expect(EditDistance.between("abc", "xyzuvw", limit: 2) == 3)
        #expect(EditDistance.threshold(forLength: 4) == 0)
        #expect(EditDistance.threshold(forLength: 8) == 1)
    }

    @Test("the shipped model loads and its measures and dimensions are the issue's")
    func shippedModel() throws {
        let model = try SemanticModel.sportsBar
        #expect(model.table == "gold.fact_orders_enriched")
        #expect(model.measures.map(\.name) == ["revenue", "quantity", "customers", "products", "asp"])
        #expect(model.dimensions.map(\.name) == ["company", "division", "category", "product", "variant", "channel", "platform", "market", "city", "customer"])
        #expect(model.time.grains.map(\.name) == ["month", "quarter", "year"])
        #expect(model.examples.count >= 5)
    }

    @Test("a model that does not hold together names the file and the fault")
    func badModel() {
        let yaml = """
        name: X
        table: gold.t
        default_measure: nope
        measures:
          - {name: revenue, aggregate: sum, expression: x, synonyms: []}
        dimensions: []
        time: {sql: date, grains: [{name: month, sql: date, synonyms: []}]}
        examples: []
        """
        #expect(throws: ModelError.self) { try SemanticModel.parse(yaml, source: "my.yaml") }
        do {
            _ = try SemanticModel.parse(yaml, source: "my.yaml")
        } catch {
            #expect("\(error)".contains("my.yaml") && "\(error)".contains("default_measure 'nope'"))
        }
        #expect(throws: ModelError.self) { try SemanticModel.parse("name: [", source: "broken.yaml") }
    }

    @Test("time phrases count from the latest month in the data")
    func time() throws {
        let latest = Month(year: 2025, month: 8)
        let index = ValueIndex(values: ["channel": ["Retailer", "Direct"]], firstMonth: Month(year: 2024, month: 1), latestMonth: latest)
        let model = try SemanticModel.sportsBar
        let parser = QuestionParser(model: model, index: index, lexicon: Lexicon(model: model, index: index))
        func time(_ q: String) -> String? {
            guard case let .success(p) = parser.parse(q) else { return nil }
            return p.query.time.map { "\($0.range)" }
        }
        #expect(time("revenue last quarter") == "2025-04..2025-06")   // the latest complete quarter
        #expect(time("revenue this quarter") == "2025-07..2025-08")
        #expect(time("revenue last year") == "2024-01..2024-12")      // the latest complete year
        #expect(time("revenue last month") == "2025-08..2025-08")
        #expect(time("revenue in December") == "2024-12..2024-12")    // its latest occurrence
        #expect(time("revenue in Q3") == "2024-07..2024-09")          // Q3 2025 is not complete
        #expect(time("revenue year to date") == "2025-01..2025-08")
        #expect(time("revenue between November and February") == "2024-11..2025-02")
    }
}
