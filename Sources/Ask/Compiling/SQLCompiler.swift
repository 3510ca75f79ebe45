import Foundation

/// An ``AskQuery`` as one SELECT over the model's fact table, in the common subset of
/// Spark SQL and DuckDB: `sum`, `count(DISTINCT …)`, `CASE`, `NULLIF`, `round`,
/// `regexp_extract`, `sum(…) OVER ()`, `lag(…) OVER (…)`, `DATE '…'` literals, `''`
/// inside strings, GROUP BY ordinals, explicit `NULLS LAST` (the two default NULL order
/// differently), and an ORDER BY that fixes the order of every row (ties broken by the
/// grouping columns).
struct SQLCompiler {
    let model: SemanticModel

    func compile(_ query: AskQuery) throws(Refusal) -> String {
        let groups = groupColumns(query)
        let innerFilters: [AskQuery.Filter]
        var outerFilters: [AskQuery.Filter] = []
        if query.share {
            // A share's parts are computed over every value; a filter on the grouped dimension picks rows after.
            innerFilters = query.filters.filter { !query.groupBy.contains($0.dimension) }
            outerFilters = query.filters.filter { query.groupBy.contains($0.dimension) }
        } else {
            innerFilters = query.filters
        }
        var conditions = try innerFilters.map { filter throws(Refusal) in try condition(filter) }
        if query.order != nil, query.limit != nil {
            // A ranking ranks known values: "which city" leaves out the rows without one.
            for name in query.groupBy { if let d = model.dimension(name) { conditions.append("\(d.sql) IS NOT NULL") } }
        }
        if let time = query.time { conditions.append(timeCondition(time.range)) }

        var measureColumns: [(name: String, sql: String)]
        if let comparison = query.comparison {
            let current = Self.suffix(comparison.current.range), previous = Self.suffix(comparison.previous.range)
            guard current != previous else { throw refusal(query, "the two periods are the same months") }
            measureColumns = []
            for m in query.measures {
                measureColumns.append((m + "_" + current, measureSQL(m, within: comparison.current.range)))
                measureColumns.append((m + "_" + previous, measureSQL(m, within: comparison.previous.range)))
            }
            conditions.append("(" + timeCondition(comparison.current.range) + " OR " + timeCondition(comparison.previous.range) + ")")
        } else {
            measureColumns = query.measures.map { ($0, measureSQL($0, within: nil)) }
        }

        var select = groups.map { $0.sql == $0.name ? $0.name : "\($0.sql) AS \($0.name)" }
        select += measureColumns.map { "\($0.sql) AS \($0.name)" }
        // Growth compares like for like: each period's number (consecutive periods differ
        // by 1), so a period after one without rows gets no growth instead of the change
        // from an older one.
        let periodNumber = query.growth.flatMap { _ in groups.first(where: \.isTime) }.flatMap { Self.periodNumber($0.name, time: model.time.sql) }
        if let periodNumber { select.append("min(\(periodNumber)) AS \(Self.periodColumn)") }
        var inner = "SELECT " + select.joined(separator: ", ") + " FROM " + model.table
        if !conditions.isEmpty { inner += " WHERE " + conditions.joined(separator: " AND ") }
        if !groups.isEmpty { inner += " GROUP BY " + (1 ... groups.count).map(String.init).joined(separator: ", ") }

        let groupNames = groups.map(\.name)
        let tieBreak = groupNames.map { "\($0) ASC NULLS LAST" }
        var derived: [String] = []
        var order: [String]
        if let comparison = query.comparison {
            let first = query.measures[0]
            let a = first + "_" + Self.suffix(comparison.current.range), b = first + "_" + Self.suffix(comparison.previous.range)
            derived.append("round(100 * (\(a) - \(b)) / NULLIF(\(b), 0), 2) AS \(first)_change_pct")
            order = [(query.order.map { "\($0.measure)_\(Self.suffix(comparison.current.range)) " + ($0.descending ? "DESC" : "ASC") } ?? "\(a) DESC") + " NULLS LAST"] + tieBreak
        } else if let growth = query.growth {
            let m = query.measures[0]
            let time = groups.first { $0.isTime }?.name ?? growth.rawValue
            let partition = groupNames.filter { $0 != time }
            let window = "OVER (" + (partition.isEmpty ? "" : "PARTITION BY " + partition.joined(separator: ", ") + " ") + "ORDER BY \(time))"
            let change = "round(100 * (\(m) - lag(\(m)) \(window)) / NULLIF(lag(\(m)) \(window), 0), 2)"
            if periodNumber != nil {
                derived.append("CASE WHEN lag(\(Self.periodColumn)) \(window) = \(Self.periodColumn) - 1 THEN \(change) END AS \(m)_growth_pct")
            } else {
                derived.append("\(change) AS \(m)_growth_pct")
            }
            order = partition.map { "\($0) ASC NULLS LAST" } + ["\(time) ASC"]
        } else if query.share {
            for m in query.measures {
                derived.append("round(100 * \(m) / sum(\(m)) OVER (), 2) AS \(m)_share_pct")
            }
            order = ["\(query.measures[0]) DESC NULLS LAST"] + tieBreak
        } else if let time = groups.first(where: \.isTime), query.order == nil {
            order = ["\(time.name) ASC"] + groupNames.filter { $0 != time.name }.map { "\($0) ASC NULLS LAST" }
        } else {
            order = ["\(query.measures[0]) DESC NULLS LAST"] + tieBreak
        }
        if let ranking = query.order, query.comparison == nil {
            order = ["\(ranking.measure) \(ranking.descending ? "DESC" : "ASC") NULLS LAST"] + tieBreak
        }

        var sql: String
        if derived.isEmpty {
            sql = inner
        } else {
            let kept = groupNames + measureColumns.map(\.name)
            sql = "SELECT " + (kept + derived).joined(separator: ", ") + " FROM (" + inner + ") t"
            if !outerFilters.isEmpty {
                // Windows see the rows WHERE leaves: the shares are computed a level below the filter.
                sql = "SELECT * FROM (" + sql + ") s WHERE "
                    + (try outerFilters.map { filter throws(Refusal) in try condition(filter, column: filter.dimension) }).joined(separator: " AND ")
            }
        }
        if !groups.isEmpty || query.comparison != nil { sql += " ORDER BY " + order.joined(separator: ", ") }
        if let limit = query.limit { sql += " LIMIT \(limit)" }
        return sql
    }

    struct Column {
        var name: String
        var sql: String
        var isTime: Bool
    }

    private func groupColumns(_ query: AskQuery) -> [Column] {
        var columns = query.groupBy.compactMap { name in model.dimension(name).map { Column(name: name, sql: $0.sql, isTime: false) } }
        if let grain = query.grain, let g = model.grain(grain.rawValue) {
            columns.append(Column(name: grain.rawValue, sql: g.sql, isTime: true))
        }
        return columns
    }

    /// A measure's aggregate; within a period (for comparisons), of that period's rows only.
    func measureSQL(_ name: String, within range: MonthRange?) -> String {
        guard let measure = model.measure(name) else { return "NULL" }
        if let parts = measure.ratio, parts.count == 2 {
            let ratio = measureSQL(parts[0], within: range) + " / NULLIF(" + measureSQL(parts[1], within: range) + ", 0)"
            return measure.decimals.map { "round(\(ratio), \($0))" } ?? ratio
        }
        guard let aggregate = measure.aggregate, var expression = measure.expression else { return "NULL" }
        if let range { expression = "CASE WHEN \(timeCondition(range)) THEN \(expression) END" }
        switch aggregate {
        case .sum: return "sum(\(expression))"
        case .count: return "count(\(expression))"
        case .min: return "min(\(expression))"
        case .max: return "max(\(expression))"
        case .countDistinct: return "count(DISTINCT \(expression))"
        }
    }

    private func timeCondition(_ range: MonthRange) -> String {
        "\(model.time.sql) >= \(range.first.sqlDate) AND \(model.time.sql) <= \(range.last.sqlDate)"
    }

    private func condition(_ filter: AskQuery.Filter) throws(Refusal) -> String {
        let dimension = model.dimension(filter.dimension)
        if let template = dimension?.filter, !filter.excluded,
           filter.values.allSatisfy({ !$0.contains(where: { "%_-'\\".contains($0) }) }) {
            // The model's cheaper spelling of `sql = value` (for a city: a LIKE on the customer, not a regex per row).
            let tests = filter.values.map { template.replacingOccurrences(of: "{value}", with: $0) }
            return tests.count == 1 ? tests[0] : "(" + tests.joined(separator: " OR ") + ")"
        }
        return try condition(filter, column: dimension?.sql ?? filter.dimension)
    }

    private func condition(_ filter: AskQuery.Filter, column: String) throws(Refusal) -> String {
        var literals: [String] = []
        for value in filter.values {
            // A backslash is an escape in Spark's strings and not in DuckDB's: no common spelling.
            guard !value.contains("\\") else { throw refusal(nil, "the value '\(value)' holds a backslash, which has no spelling common to Spark SQL and DuckDB") }
            literals.append("'" + value.replacingOccurrences(of: "'", with: "''") + "'")
        }
        let test = literals.count == 1 ? "\(column) = \(literals[0])" : "\(column) IN (\(literals.joined(separator: ", ")))"
        return filter.excluded ? "(\(column) IS NULL OR NOT (\(test)))" : test
    }

    private func refusal(_ query: AskQuery?, _ reason: String) -> Refusal {
        Refusal(question: "", understood: query.map { Interpretation.text($0, model: model, notes: []) } ?? "",
                notUnderstood: [], reason: reason, suggestions: [])
    }

    static let periodColumn = "period_number"

    /// A number per period of `grain` that grows by 1 from one period to the next
    /// (`year * 12 + month` for months), from the time dimension's date column.
    static func periodNumber(_ grain: String, time: String) -> String? {
        switch grain {
        case "month": "year(\(time)) * 12 + month(\(time))"
        case "quarter": "year(\(time)) * 4 + quarter(\(time))"
        case "year": "year(\(time))"
        default: nil
        }
    }

    /// A period in a column name: `2025`, `2025_q3`, `2025_12`, `2025_03_to_2025_06`.
    static func suffix(_ range: MonthRange) -> String {
        func month(_ m: Month) -> String { "\(m.year)_" + (m.month < 10 ? "0" : "") + "\(m.month)" }
        if range.first.month == 1, range.last.month == 12, range.first.year == range.last.year { return "\(range.first.year)" }
        if range.first == range.last { return month(range.first) }
        if range.first.month % 3 == 1, range.last.index - range.first.index == 2 { return "\(range.first.year)_q\(range.first.quarter)" }
        return month(range.first) + "_to_" + month(range.last)
    }
}
