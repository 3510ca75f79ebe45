import Foundation
import Yams

/// A definition file that cannot be used: the file, the line and what was expected.
public struct DefinitionError: Error, Sendable, Equatable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String

    public var description: String { "\(file):\(line): \(message)" }
}

extension DashboardDefinition {
    /// Reads a YAML definition file.
    public static func load(path: String) throws -> DashboardDefinition {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DefinitionError(file: path, line: 0, message: "cannot read the dashboard definition")
        }
        return try parse(yaml: String(decoding: data, as: UTF8.self), file: path)
    }

    /// The SportsBar executive dashboard medallion ships (Resources/sportsbar.yaml).
    public static var sportsBarDefault: DashboardDefinition {
        get throws { try parse(yaml: String(decoding: PackageResources.sportsbar_yaml, as: UTF8.self), file: "sportsbar.yaml") }
    }

    /// Parses the YAML text of a definition; `file` names it in errors.
    public static func parse(yaml: String, file: String) throws -> DashboardDefinition {
        let root: Node?
        do { root = try Yams.compose(yaml: yaml) } catch let error as YamlError {
            throw DefinitionError(file: file, line: Self.line(of: error), message: "not valid YAML: \(Self.problem(of: error))")
        }
        guard let root else { throw DefinitionError(file: file, line: 1, message: "the file is empty") }
        return try DefinitionReader(file: file).definition(root)
    }

    private static func line(of error: YamlError) -> Int {
        switch error {
        case let .scanner(_, _, mark, _), let .parser(_, _, mark, _), let .composer(_, _, mark, _): mark.line
        case let .duplicatedKeysInMapping(_, context): context.mark.line
        default: 1
        }
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case let .scanner(_, problem, _, _), let .parser(_, problem, _, _), let .composer(_, problem, _, _): problem
        case let .duplicatedKeysInMapping(duplicates, _): "duplicate key " + duplicates.joined(separator: ", ")
        default: "\(error)"
        }
    }
}

/// Walks the YAML node tree, checking every key and value where it stands.
struct DefinitionReader {
    let file: String

    func definition(_ root: Node) throws -> DashboardDefinition {
        let map = try mapping(root, "the definition",
                              allowed: ["title", "version_table", "lookups", "datasets", "filters", "widgets", "layout"])
        let lookups = try named(map["lookups"], "lookups").map { name, node in
            let fields = try mapping(node, "lookup \(name)", allowed: ["sql"])
            return DashboardDefinition.Lookup(name: name, sql: try text(fields, "sql", in: node, "lookup \(name)"), line: line(node))
        }
        guard let datasetsNode = map["datasets"] else { throw error(root, "a definition needs `datasets:`") }
        let datasets = try named(datasetsNode, "datasets").map { try dataset($0, $1) }
        let filters = try list(map["filters"], "filters").map { try filter($0) }
        guard let widgetsNode = map["widgets"] else { throw error(root, "a definition needs `widgets:`") }
        let widgets = try list(widgetsNode, "widgets").map { try widget($0) }
        let layout = try list(map["layout"], "layout").map { row in
            try list(row, "a layout row").map { try scalar($0, "a widget name in the layout") }
        }
        let definition = DashboardDefinition(
            title: try map["title"].map { try scalar($0, "title") } ?? "Dashboard",
            versionTable: try map["version_table"].map { try scalar($0, "version_table") } ?? "gold.fact_orders_enriched",
            lookups: lookups, datasets: datasets, filters: filters, widgets: widgets,
            layout: layout.isEmpty ? widgets.map { [$0.name] } : layout)
        try DefinitionChecks(file: file, layoutLines: list(map["layout"], "layout").map(line)).check(definition)
        return definition
    }

    private func dataset(_ name: String, _ node: Node) throws -> DashboardDefinition.Dataset {
        let what = "dataset \(name)"
        let fields = try mapping(node, what, allowed: ["sql", "measures", "ratios", "distinct"])
        let sql = try text(fields, "sql", in: node, what)
        if let distinct = fields["distinct"] {
            guard fields["measures"] == nil, fields["ratios"] == nil else {
                throw error(distinct, "\(what): a `distinct` dataset has no `measures` or `ratios`")
            }
            let spec = try mapping(distinct, "\(what) distinct", allowed: ["count", "set", "as"])
            return .init(name: name, sql: sql, kind: .distinct(
                count: try text(spec, "count", in: distinct, "\(what) distinct"),
                set: try text(spec, "set", in: distinct, "\(what) distinct"),
                measure: try text(spec, "as", in: distinct, "\(what) distinct")), line: line(node))
        }
        guard let measuresNode = fields["measures"] else {
            throw error(node, "\(what) needs `measures:` (column: inr|number) or `distinct:`")
        }
        let measures = try named(measuresNode, "\(what) measures").map { measure, value in
            DashboardDefinition.Measure(name: measure, format: try choice(value, "the format of measure \(measure)"))
        }
        let ratios = try named(fields["ratios"], "\(what) ratios").map { ratio, value in
            let spec = try mapping(value, "ratio \(ratio)", allowed: ["numerator", "denominator", "format"])
            return DashboardDefinition.Ratio(
                name: ratio, numerator: try text(spec, "numerator", in: value, "ratio \(ratio)"),
                denominator: try text(spec, "denominator", in: value, "ratio \(ratio)"),
                format: try spec["format"].map { try choice($0, "the format of ratio \(ratio)") } ?? .number)
        }
        return .init(name: name, sql: sql, kind: .cube(measures: measures, ratios: ratios), line: line(node))
    }

    private func filter(_ node: Node) throws -> DashboardDefinition.Filter {
        let fields = try mapping(node, "a filter", allowed: ["field", "label", "order"])
        let field = try text(fields, "field", in: node, "a filter")
        return .init(field: field, label: try fields["label"].map { try scalar($0, "label") } ?? field,
                     order: try fields["order"].map { try choice($0, "the order of filter \(field)") } ?? .natural,
                     line: line(node))
    }

    private func widget(_ node: Node) throws -> DashboardDefinition.Widget {
        let fields = try mapping(node, "a widget", allowed: ["name", "type", "title", "dataset", "x", "series", "y", "top",
                                                              "horizontal", "kpi", "compare"])
        let name = try text(fields, "name", in: node, "a widget")
        let what = "widget \(name)"
        let type: DashboardDefinition.WidgetType = try choice(try required(fields, "type", in: node, what), "the type of \(what)")
        guard let yNode = fields["y"] else { throw error(node, "\(what) needs `y:` (the measure it shows)") }
        let y = yNode.sequence != nil ? try list(yNode, "\(what) y").map { try scalar($0, "a measure") } : [try scalar(yNode, "y")]
        var top: Int?
        if let topNode = fields["top"] {
            guard let value = Int(try scalar(topNode, "top")), value >= 1 else {
                throw error(topNode, "\(what): `top` must be a whole number of at least 1")
            }
            top = value
        }
        var horizontal = false
        if let node = fields["horizontal"] {
            guard let value = node.bool else { throw error(node, "\(what): `horizontal` must be true or false") }
            horizontal = value
        }
        return .init(name: name, type: type, title: try fields["title"].map { try scalar($0, "title") } ?? name,
                     dataset: try text(fields, "dataset", in: node, what),
                     x: try fields["x"].map { try scalar($0, "x") }, series: try fields["series"].map { try scalar($0, "series") },
                     y: y, top: top, horizontal: horizontal, kpi: try fields["kpi"].map { try scalar($0, "kpi") },
                     compare: try fields["compare"].map { try scalar($0, "compare") }, line: line(node))
    }

    // MARK: node helpers

    func line(_ node: Node) -> Int { node.mark?.line ?? 1 }

    func error(_ node: Node, _ message: String) -> DefinitionError {
        DefinitionError(file: file, line: line(node), message: message)
    }

    private func mapping(_ node: Node, _ what: String, allowed: Set<String>) throws -> [String: Node] {
        guard let mapping = node.mapping else { throw error(node, "\(what) must be a mapping (key: value)") }
        var fields: [String: Node] = [:]
        for (key, value) in mapping {
            let name = try scalar(key, "a key")
            guard allowed.contains(name) else {
                throw error(key, "unknown key `\(name)` in \(what) (expected one of: \(allowed.sorted().joined(separator: ", ")))")
            }
            fields[name] = value
        }
        return fields
    }

    /// A mapping of names to nodes, in file order (absent: none).
    private func named(_ node: Node?, _ what: String) throws -> [(String, Node)] {
        guard let node else { return [] }
        guard let mapping = node.mapping else { throw error(node, "`\(what)` must be a mapping of names") }
        return try mapping.map { (try scalar($0.key, "a name in \(what)"), $0.value) }
    }

    private func list(_ node: Node?, _ what: String) throws -> [Node] {
        guard let node else { return [] }
        guard let sequence = node.sequence else { throw error(node, "`\(what)` must be a list") }
        return Array(sequence)
    }

    private func scalar(_ node: Node, _ what: String) throws -> String {
        guard let scalar = node.scalar else { throw error(node, "\(what) must be a single value") }
        return scalar.string
    }

    private func required(_ fields: [String: Node], _ key: String, in node: Node, _ what: String) throws -> Node {
        guard let value = fields[key] else { throw error(node, "\(what) needs `\(key):`") }
        return value
    }

    private func text(_ fields: [String: Node], _ key: String, in node: Node, _ what: String) throws -> String {
        let value = try scalar(try required(fields, key, in: node, what), key)
        guard !value.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
            throw error(fields[key] ?? node, "\(what): `\(key)` is empty")
        }
        return value
    }

    private func choice<T: RawRepresentable & CaseIterable>(_ node: Node, _ what: String) throws -> T where T.RawValue == String {
        let value = try scalar(node, what)
        guard let result = T(rawValue: value) else {
            throw error(node, "\(what) is `\(value)`; expected one of: \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        return result
    }
}
