import Dashboard
import Testing

@Suite("Dashboard definitions")
struct DefinitionTests {
    @Test("the shipped SportsBar definition parses and holds the executive widgets")
    func sportsBarDefault() throws {
        let definition = try DashboardDefinition.sportsBarDefault
        #expect(definition.widgets.compactMap(\.kpi) == ["revenue", "quantity", "customers", "asp"])
        #expect(definition.filters.map(\.field) == ["year", "quarter", "month", "company", "market", "platform", "channel",
                                                     "division", "category", "product"])
        #expect(definition.widgets.filter(\.type.isChart).count >= 8)
        #expect(Set(definition.layout.joined()) == Set(definition.widgets.map(\.name)))
    }

    @Test("YAML that is not valid names its line")
    func invalidYAML() {
        let yaml = "title: x\ndatasets:\n  a: [unclosed\nwidgets: []\n"
        #expect { try DashboardDefinition.parse(yaml: yaml, file: "bad.yaml") } throws: { error in
            guard let error = error as? DefinitionError else { return false }
            return error.file == "bad.yaml" && error.line >= 3 && error.message.contains("not valid YAML")
        }
    }

    @Test("an unknown key is named with its line and the keys that are allowed")
    func unknownKey() {
        let yaml = """
        datasets:
          sales:
            sql: SELECT 1 AS a, 2 AS revenue
            measures: {revenue: inr}
        widgets:
          - {name: r, type: counter, dataset: sales, y: revenue}
          - {name: t, type: bar, dataset: sales, x: a, y: revenue, colour: red}
        """
        #expect { try DashboardDefinition.parse(yaml: yaml, file: "d.yaml") } throws: { error in
            let text = "\(error)"
            return text.hasPrefix("d.yaml:7:") && text.contains("unknown key `colour`") && text.contains("horizontal")
        }
    }

    @Test("a widget on a dataset or measure that does not exist names its line")
    func danglingReferences() {
        let base = """
        datasets:
          sales:
            sql: SELECT 1 AS a, 2 AS revenue
            measures: {revenue: inr}
        widgets:
          - {name: r, type: counter, dataset: sales, y: revenue}

        """
        #expect { try DashboardDefinition.parse(yaml: base + "  - {name: b, type: bar, dataset: nope, x: a, y: revenue}\n", file: "d.yaml") }
            throws: { "\($0)" == "d.yaml:7: widget `b` uses dataset `nope`, which is not defined (datasets: sales)" }
        #expect { try DashboardDefinition.parse(yaml: base + "  - {name: b, type: bar, dataset: sales, x: a, y: cost}\n", file: "d.yaml") }
            throws: { "\($0)" == "d.yaml:7: widget `b`: dataset `sales` has no measure `cost` (it has: revenue)" }
        #expect { try DashboardDefinition.parse(yaml: base + "  - {name: b, type: pie, dataset: sales, y: revenue}\n", file: "d.yaml") }
            throws: { "\($0)".hasPrefix("d.yaml:7: widget `b` (pie) needs `x:`") }
        #expect { try DashboardDefinition.parse(yaml: base + "  - {name: b, type: chart, dataset: sales, x: a, y: revenue}\n", file: "d.yaml") }
            throws: { "\($0)".hasPrefix("d.yaml:7: the type of widget b is `chart`; expected one of: counter, line") }
        #expect { try DashboardDefinition.parse(yaml: base + "layout:\n  - [r]\n  - [r, gone]\n", file: "d.yaml") }
            throws: { "\($0)" == "d.yaml:9: the layout names widget `gone`, which is not defined" }
    }

    @Test("a missing file is named")
    func missingFile() {
        #expect { try DashboardDefinition.load(path: "/nonexistent/dash.yaml") } throws: {
            "\($0)".contains("/nonexistent/dash.yaml") && "\($0)".contains("cannot read")
        }
    }
}
