/// What a definition must hold together before any SQL runs: names that exist and are
/// unique, measures a widget's dataset has, axes a widget type needs. (Columns are
/// checked against the SQL results when the page is built.)
struct DefinitionChecks {
    let file: String
    let layoutLines: [Int]

    func check(_ definition: DashboardDefinition) throws {
        var datasets: [String: DashboardDefinition.Dataset] = [:]
        for dataset in definition.datasets {
            guard datasets.updateValue(dataset, forKey: dataset.name) == nil else {
                throw fail(dataset.line, "dataset `\(dataset.name)` is defined twice")
            }
            if case let .cube(measures, ratios) = dataset.kind {
                let names = Set(measures.map(\.name))
                for ratio in ratios where !names.contains(ratio.numerator) || !names.contains(ratio.denominator) {
                    throw fail(dataset.line, "ratio `\(ratio.name)` of dataset `\(dataset.name)` divides measures it does not have "
                        + "(measures: \(measures.map(\.name).joined(separator: ", ")))")
                }
            }
        }
        var widgets = Set<String>()
        for widget in definition.widgets {
            guard widgets.insert(widget.name).inserted else { throw fail(widget.line, "widget `\(widget.name)` is defined twice") }
            guard let dataset = datasets[widget.dataset] else {
                throw fail(widget.line, "widget `\(widget.name)` uses dataset `\(widget.dataset)`, which is not defined "
                    + "(datasets: \(definition.datasets.map(\.name).joined(separator: ", ")))")
            }
            let known = Self.measures(of: dataset)
            for y in widget.y where !known.contains(y) {
                throw fail(widget.line, "widget `\(widget.name)`: dataset `\(dataset.name)` has no measure `\(y)` "
                    + "(it has: \(known.joined(separator: ", ")))")
            }
            try checkShape(widget)
        }
        for (index, row) in definition.layout.enumerated() {
            for name in row where !widgets.contains(name) {
                throw fail(index < layoutLines.count ? layoutLines[index] : 1, "the layout names widget `\(name)`, which is not defined")
            }
        }
        var fields = Set<String>()
        for filter in definition.filters where !fields.insert(filter.field).inserted {
            throw fail(filter.line, "filter `\(filter.field)` is defined twice")
        }
    }

    private func checkShape(_ widget: DashboardDefinition.Widget) throws {
        let what = "widget `\(widget.name)` (\(widget.type.rawValue))"
        switch widget.type {
        case .counter:
            guard widget.x == nil, widget.series == nil else { throw fail(widget.line, "\(what) shows one number: no `x` or `series`") }
        case .line, .area, .bar, .pie, .donut, .table, .pivot:
            guard widget.x != nil else { throw fail(widget.line, "\(what) needs `x:` (the column it groups by)") }
            guard widget.kpi == nil, widget.compare == nil else { throw fail(widget.line, "\(what): `kpi` and `compare` are for counters") }
        }
        if widget.type == .pivot, widget.series == nil { throw fail(widget.line, "\(what) needs `series:` (its columns)") }
        if [.pie, .donut].contains(widget.type), widget.series != nil { throw fail(widget.line, "\(what) has no `series`") }
        if widget.type != .table, widget.y.count != 1 { throw fail(widget.line, "\(what) shows one measure in `y`") }
    }

    static func measures(of dataset: DashboardDefinition.Dataset) -> [String] {
        switch dataset.kind {
        case let .cube(measures, ratios): measures.map(\.name) + ratios.map(\.name)
        case let .distinct(_, _, measure): [measure]
        }
    }

    private func fail(_ line: Int, _ message: String) -> DefinitionError {
        DefinitionError(file: file, line: line, message: message)
    }
}
