/// After the SQL ran: every widget axis names a field its dataset has (a column or a
/// lookup attribute), and every filter a field some dataset has — checked here so that a
/// typo is an error naming the definition's line, not a blank widget in the browser.
enum FieldCheck {
    static func check(_ definition: DashboardDefinition, data: PageData) throws {
        var fields: [String: Set<String>] = [:]
        for (name, cube) in data.cubes {
            fields[name] = rowFields(cube.dimensions, lookups: data.lookups)
        }
        for (name, distinct) in data.distincts {
            fields[name] = rowFields(distinct.dimensions, lookups: data.lookups)
        }
        for widget in definition.widgets {
            let known = fields[widget.dataset] ?? []
            for field in [widget.x, widget.series].compactMap({ $0 }) where !known.contains(field) {
                throw DashboardError("line \(widget.line): widget `\(widget.name)` groups by `\(field)`, which dataset "
                    + "`\(widget.dataset)` does not have (it has: \(known.sorted().joined(separator: ", ")))")
            }
        }
        var filterable = fields.values.reduce(into: Set<String>()) { $0.formUnion($1) }
        for distinct in data.distincts.values {
            filterable.insert(distinct.setName)
            let set = NamedColumn(name: distinct.setName, column: EncodedColumn(values: distinct.setValues, codes: []))
            for join in LookupJoin.resolve(keys: [set], lookups: data.lookups) { filterable.formUnion(join.attributes.map(\.name)) }
        }
        for filter in definition.filters where !filterable.contains(filter.field) {
            throw DashboardError("line \(filter.line): filter `\(filter.field)` is a field of no dataset "
                + "(fields: \(filterable.sorted().joined(separator: ", ")))")
        }
    }

    /// The fields a dataset's rows each have one value of: its columns and their lookups' attributes.
    private static func rowFields(_ dimensions: [NamedColumn], lookups: [LookupData]) -> Set<String> {
        var names = Set(dimensions.map(\.name))
        for join in LookupJoin.resolve(keys: dimensions, lookups: lookups) { names.formUnion(join.attributes.map(\.name)) }
        return names
    }
}
