import Columns
import SQL

/// Reads a ``ValueIndex`` through SQL: one `SELECT DISTINCT` per source table over every
/// dimension it holds (the SportsBar model reads `gold.dim_products` and
/// `gold.dim_customers`, hundreds of rows, instead of the fact table's millions), and the
/// first and last month from the fact table's date column (its partition column).
struct ValueIndexReader {
    let engine: SQLEngine
    let model: SemanticModel

    func read() async throws -> ValueIndex {
        var values: [String: [String]] = [:]
        var bySource: [String: [SemanticModel.Dimension]] = [:]
        var sources: [String] = []
        for dimension in model.dimensions {
            if let fixed = dimension.values { values[dimension.name] = fixed; continue }
            let source = dimension.valuesFrom ?? model.table
            if bySource[source] == nil { sources.append(source) }
            bySource[source, default: []].append(dimension)
        }
        for source in sources {
            // One query per table: its distinct combinations (no more than its rows), then
            // each dimension's distinct values from them — a query costs a log read and a plan.
            let dimensions = bySource[source] ?? []
            let columns = dimensions.enumerated().map { "\($1.sql) AS v\($0)" }.joined(separator: ", ")
            let rows = try await engine.run("SELECT DISTINCT \(columns) FROM \(source)").rows()
            for (i, dimension) in dimensions.enumerated() {
                values[dimension.name] = Set(rows.compactMap { $0.count > i ? $0[i] : nil }).sorted()
            }
        }
        let months = try await engine.run("SELECT min(\(model.time.sql)), max(\(model.time.sql)) FROM \(model.table)")
        guard let row = months.rows().first, row.count == 2, let first = row[0].flatMap(Month.init(text:)),
              let last = row[1].flatMap(Month.init(text:)) else {
            throw Refusal(question: "", understood: "", notUnderstood: [], reason: "\(model.table) holds no rows", suggestions: [])
        }
        return ValueIndex(values: values, firstMonth: first, latestMonth: last)
    }
}
