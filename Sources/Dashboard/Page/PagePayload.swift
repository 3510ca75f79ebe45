/// The page's data as one binary blob: a little-endian UInt32 length, the JSON (the
/// definition, the meta line, every dataset's dictionary-encoded columns and its
/// lookups resolved onto its own dictionaries), zero padding to 4 bytes, then the
/// distinct datasets' bitsets as little-endian UInt32 words (their byte offsets are in
/// the JSON). The page gzips it and inlines it as base64.
enum PagePayload {
    static func encode(_ definition: DashboardDefinition, data: PageData, meta: PageMeta) -> [UInt8] {
        var json = JSONText()
        var binary: [UInt8] = []
        json.raw("{")
        json.key("meta"); writeMeta(meta, definition, &json)
        json.raw(","); json.key("filters")
        json.array(definition.filters) { out, filter in
            out.raw("{"); out.key("field"); out.string(filter.field)
            out.raw(","); out.key("label"); out.string(filter.label)
            out.raw(","); out.key("order"); out.string(filter.order.rawValue); out.raw("}")
        }
        json.raw(","); json.key("widgets")
        json.array(definition.widgets) { out, widget in writeWidget(widget, &out) }
        json.raw(","); json.key("layout")
        json.array(definition.layout) { out, row in out.strings(row) }
        json.raw(","); json.key("datasets"); json.raw("{")
        for (index, dataset) in definition.datasets.enumerated() {
            if index > 0 { json.raw(",") }
            json.key(dataset.name)
            switch dataset.kind {
            case let .cube(measures, ratios):
                guard let cube = data.cubes[dataset.name] else { json.raw("null"); continue }
                writeCube(cube, measures: measures, ratios: ratios, lookups: data.lookups, &json)
            case let .distinct(_, _, measure):
                guard let distinct = data.distincts[dataset.name] else { json.raw("null"); continue }
                let offset = binary.count
                binary.reserveCapacity(binary.count + distinct.bits.count * 4)
                for word in distinct.bits { withUnsafeBytes(of: word.littleEndian) { binary.append(contentsOf: $0) } }
                writeDistinct(distinct, measure: measure, bitsOffset: offset, lookups: data.lookups, &json)
            }
        }
        json.raw("}}")
        var blob: [UInt8] = []
        let length = UInt32(json.bytes.count)
        withUnsafeBytes(of: length.littleEndian) { blob.append(contentsOf: $0) }
        blob.append(contentsOf: json.bytes)
        while blob.count % 4 != 0 { blob.append(0) }
        // The JSON's bit offsets count from here.
        blob.append(contentsOf: binary)
        return blob
    }

    private static func writeMeta(_ meta: PageMeta, _ definition: DashboardDefinition, _ json: inout JSONText) {
        json.raw("{"); json.key("title"); json.string(definition.title)
        json.raw(","); json.key("lake"); json.string(meta.lake)
        json.raw(","); json.key("table"); json.string(meta.version.table)
        json.raw(","); json.key("version"); json.raw(meta.version.version.map(String.init) ?? "null")
        json.raw(","); json.key("run"); json.raw(meta.version.run.map(String.init) ?? "null")
        json.raw(","); json.key("runCommittedAt"); json.string(meta.version.runCommittedAt)
        json.raw(","); json.key("generatedAt"); json.string(meta.generatedAt)
        json.raw("}")
    }

    private static func writeWidget(_ widget: DashboardDefinition.Widget, _ json: inout JSONText) {
        json.raw("{"); json.key("name"); json.string(widget.name)
        json.raw(","); json.key("type"); json.string(widget.type.rawValue)
        json.raw(","); json.key("title"); json.string(widget.title)
        json.raw(","); json.key("dataset"); json.string(widget.dataset)
        json.raw(","); json.key("x"); json.string(widget.x)
        json.raw(","); json.key("series"); json.string(widget.series)
        json.raw(","); json.key("y"); json.strings(widget.y)
        json.raw(","); json.key("top"); json.raw(widget.top.map(String.init) ?? "null")
        json.raw(","); json.key("horizontal"); json.raw(widget.horizontal ? "true" : "false")
        json.raw(","); json.key("kpi"); json.string(widget.kpi)
        json.raw(","); json.key("compare"); json.string(widget.compare)
        json.raw("}")
    }

    private static func writeColumns(_ columns: [NamedColumn], _ json: inout JSONText) {
        json.raw("{")
        for (index, column) in columns.enumerated() {
            if index > 0 { json.raw(",") }
            json.key(column.name)
            json.raw("{"); json.key("values"); json.strings(column.column.values)
            json.raw(","); json.key("codes"); json.integers(column.column.codes); json.raw("}")
        }
        json.raw("}")
    }

    private static func writeCube(_ cube: CubeData, measures: [DashboardDefinition.Measure], ratios: [DashboardDefinition.Ratio],
                                  lookups: [LookupData], _ json: inout JSONText) {
        json.raw("{"); json.key("kind"); json.string("cube")
        json.raw(","); json.key("rows"); json.raw(String(cube.rows))
        json.raw(","); json.key("dims"); writeColumns(cube.dimensions, &json)
        json.raw(","); json.key("measures"); json.raw("{")
        for (index, column) in cube.measures.enumerated() {
            if index > 0 { json.raw(",") }
            json.key(column.name)
            json.raw("{"); json.key("scale"); json.raw(String(column.scale))
            json.raw(","); json.key("format"); json.string((measures.first { $0.name == column.name }?.format ?? .number).rawValue)
            json.raw(","); json.key("values"); json.integers(column.values); json.raw("}")
        }
        json.raw("}")
        json.raw(","); json.key("ratios"); json.raw("{")
        for (index, ratio) in ratios.enumerated() {
            if index > 0 { json.raw(",") }
            json.key(ratio.name)
            json.raw("{"); json.key("numerator"); json.string(ratio.numerator)
            json.raw(","); json.key("denominator"); json.string(ratio.denominator)
            json.raw(","); json.key("format"); json.string(ratio.format.rawValue); json.raw("}")
        }
        json.raw("}")
        json.raw(","); json.key("lookups"); writeLookups(LookupJoin.resolve(keys: cube.dimensions, lookups: lookups), &json)
        json.raw("}")
    }

    private static func writeDistinct(_ distinct: DistinctData, measure: String, bitsOffset: Int, lookups: [LookupData],
                                      _ json: inout JSONText) {
        json.raw("{"); json.key("kind"); json.string("distinct")
        json.raw(","); json.key("rows"); json.raw(String(distinct.rows))
        json.raw(","); json.key("dims"); writeColumns(distinct.dimensions, &json)
        json.raw(","); json.key("count"); json.string(distinct.count)
        json.raw(","); json.key("measure"); json.string(measure)
        json.raw(","); json.key("set"); json.string(distinct.setName)
        json.raw(","); json.key("setValues"); json.strings(distinct.setValues)
        json.raw(","); json.key("words"); json.raw(String(distinct.words))
        json.raw(","); json.key("bitsOffset"); json.raw(String(bitsOffset))
        let setColumn = NamedColumn(name: distinct.setName, column: EncodedColumn(values: distinct.setValues, codes: []))
        json.raw(","); json.key("lookups")
        writeLookups(LookupJoin.resolve(keys: distinct.dimensions + [setColumn], lookups: lookups), &json)
        json.raw("}")
    }

    private static func writeLookups(_ joins: [LookupJoin], _ json: inout JSONText) {
        json.array(joins) { out, join in
            out.raw("{"); out.key("key"); out.string(join.key)
            out.raw(","); out.key("attrs"); out.raw("{")
            for (index, attribute) in join.attributes.enumerated() {
                if index > 0 { out.raw(",") }
                out.key(attribute.name)
                out.raw("{"); out.key("values"); out.strings(attribute.values)
                out.raw(","); out.key("codes"); out.integers(attribute.codes); out.raw("}")
            }
            out.raw("}}")
        }
    }
}

/// What the page says about where its data came from.
struct PageMeta: Sendable {
    var lake: String
    var version: LakeVersion
    var generatedAt: String
}

/// A lookup's attributes re-keyed onto one dataset column's dictionary: for each value
/// of the column, the attribute's code (-1 when the lookup has no such key).
struct LookupJoin {
    struct Attribute {
        var name: String
        var values: [String?]
        var codes: [Int32]
    }

    var key: String
    var attributes: [Attribute]

    /// Every lookup keyed by one of `keys`, in definition order; an attribute the dataset
    /// already has (as a column or from an earlier lookup) is left out.
    static func resolve(keys: [NamedColumn], lookups: [LookupData]) -> [LookupJoin] {
        var known = Set(keys.map(\.name))
        var joins: [LookupJoin] = []
        for lookup in lookups {
            guard let column = keys.first(where: { $0.name == lookup.key }) else { continue }
            var row: [String?: Int] = [:]
            for (index, key) in lookup.keys.enumerated() { row[key] = index }
            var attributes: [Attribute] = []
            for attribute in lookup.attributes where known.insert(attribute.name).inserted {
                let codes = column.column.values.map { value in row[value].map { attribute.column.codes[$0] } ?? -1 }
                attributes.append(Attribute(name: attribute.name, values: attribute.column.values, codes: codes))
            }
            if !attributes.isEmpty { joins.append(LookupJoin(key: lookup.key, attributes: attributes)) }
        }
        return joins
    }
}
