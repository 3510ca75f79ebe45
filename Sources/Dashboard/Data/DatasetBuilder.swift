import Columns
import SQL

/// Why a page could not be built: a dataset's SQL failed or returned what its
/// definition does not fit; names the definition's line.
public struct DashboardError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var description: String { message }
    public init(_ message: String) { self.message = message }
}

/// Everything the page's data holds, built by the SQL engine.
struct PageData: Sendable {
    var cubes: [String: CubeData] = [:]
    var distincts: [String: DistinctData] = [:]
    var lookups: [LookupData] = []
}

/// Runs the definition's lookups and datasets (all at once; the engine spreads each
/// over its workers) and encodes their results.
enum DatasetBuilder {
    static func build(_ definition: DashboardDefinition, engine: SQLEngine) async throws -> PageData {
        enum Built: Sendable {
            case lookup(Int, LookupData)
            case cube(String, CubeData)
            case distinct(String, DistinctData)
        }
        return try await withThrowingTaskGroup(of: Built.self) { group in
            for (index, lookup) in definition.lookups.enumerated() {
                group.addTask {
                    let result = try await run(engine, lookup.sql, "lookup `\(lookup.name)` (line \(lookup.line))")
                    return .lookup(index, try self.lookup(lookup, result))
                }
            }
            for dataset in definition.datasets {
                group.addTask {
                    let what = "dataset `\(dataset.name)` (line \(dataset.line))"
                    let result = try await run(engine, dataset.sql, what)
                    switch dataset.kind {
                    case let .cube(measures, _):
                        return .cube(dataset.name, try cube(result, measures: measures.map(\.name), what))
                    case let .distinct(count, set, _):
                        return .distinct(dataset.name, try distinct(result, count: count, set: set, what))
                    }
                }
            }
            var data = PageData()
            var lookups: [(Int, LookupData)] = []
            for try await built in group {
                switch built {
                case let .lookup(index, lookup): lookups.append((index, lookup))
                case let .cube(name, cube): data.cubes[name] = cube
                case let .distinct(name, distinct): data.distincts[name] = distinct
                }
            }
            data.lookups = lookups.sorted { $0.0 < $1.0 }.map(\.1)
            return data
        }
    }

    private static func run(_ engine: SQLEngine, _ sql: String, _ what: String) async throws -> SQLResult {
        do { return try await engine.run(sql) } catch {
            throw DashboardError("\(what): the SQL failed:\n\(error.rendered)")
        }
    }

    static func cube(_ result: SQLResult, measures: [String], _ what: String) throws -> CubeData {
        var columns: [MeasureColumn] = []
        // Sums in the page are JavaScript numbers: exact only below 2^53.
        let exactLimit = Int64(1) << 53
        for name in measures {
            switch ResultColumns.measure(result, name) {
            case let .success(column):
                var total: Int64 = 0
                for value in column.values {
                    let (sum, overflow) = total.addingReportingOverflow(value.magnitude > UInt64(Int64.max) ? Int64.max : abs(value))
                    guard !overflow, sum < exactLimit else {
                        throw DashboardError("\(what): the sum of `\(name)` is too large to stay exact in the page (2^53 units)")
                    }
                    total = sum
                }
                columns.append(column)
            case .failure(.missing):
                throw DashboardError("\(what): the SQL returns no column `\(name)` (it returns: \(result.columnNames.joined(separator: ", ")))")
            case let .failure(.notExact(type)):
                throw DashboardError("\(what): measure `\(name)` is \(type); a measure must be an integer or a decimal")
            }
        }
        let dimensions = ResultColumns.encode(result, skipping: Set(measures))
        return CubeData(rows: result.rowCount, dimensions: dimensions, measures: columns)
    }

    static let maxBitsetWords = 64 << 20

    static func distinct(_ result: SQLResult, count: String, set: String, _ what: String) throws -> DistinctData {
        for name in [count, set] where result.schema.index(of: name) == nil {
            throw DashboardError("\(what): the SQL returns no column `\(name)` (it returns: \(result.columnNames.joined(separator: ", ")))")
        }
        let encoded = ResultColumns.encode(result)
        guard let setColumn = encoded.first(where: { $0.name == set })?.column else {
            throw DashboardError("\(what): no column `\(set)`")
        }
        let keys = encoded.filter { $0.name != set }
        // A group's key: its dimension codes combined into one integer (mixed radix).
        var radix: [Int64] = []
        var span: Int64 = 1
        for key in keys {
            radix.append(span)
            let (next, overflow) = span.multipliedReportingOverflow(by: Int64(max(1, key.column.values.count)))
            guard !overflow else { throw DashboardError("\(what): too many combinations of \(keys.map(\.name).joined(separator: ", "))") }
            span = next
        }
        let words = (setColumn.values.count + 31) / 32
        var groups: [Int64: Int32] = [:]
        var groupCodes = keys.map { _ in ContiguousArray<Int32>() }
        var bits = ContiguousArray<UInt32>()
        for row in 0 ..< result.rowCount {
            var key: Int64 = 0
            for (k, column) in keys.enumerated() { key &+= Int64(column.column.codes[row]) &* radix[k] }
            let group: Int
            if let existing = groups[key] {
                group = Int(existing)
            } else {
                group = groups.count
                // The page must stay a file a browser opens: refuse bitsets past 256 MB.
                guard (group + 1) * words <= maxBitsetWords else {
                    throw DashboardError("\(what): more than 256 MB of bitsets (\(group + 1) groups × \(setColumn.values.count) "
                        + "values of `\(set)`); use a coarser `set` column or fewer group columns")
                }
                groups[key] = Int32(group)
                for k in keys.indices { groupCodes[k].append(keys[k].column.codes[row]) }
                bits.append(contentsOf: repeatElement(0, count: words))
            }
            let member = Int(setColumn.codes[row])
            bits[group * words + member / 32] |= UInt32(1) << UInt32(member % 32)
        }
        let dimensions = keys.enumerated().map { k, key in
            NamedColumn(name: key.name, column: EncodedColumn(values: key.column.values, codes: groupCodes[k]))
        }
        return DistinctData(rows: groups.count, dimensions: dimensions, count: count, setName: set,
                            setValues: setColumn.values, words: words, bits: bits)
    }

    static func lookup(_ lookup: DashboardDefinition.Lookup, _ result: SQLResult) throws -> LookupData {
        let what = "lookup `\(lookup.name)` (line \(lookup.line))"
        guard result.schema.count >= 2 else { throw DashboardError("\(what): needs a key column and at least one attribute") }
        let rows = result.rows()
        var seen: [String?: [String?]] = [:]
        var keys: [String?] = []
        var attributes = result.schema.fields.dropFirst().map { _ in ColumnEncoder() }
        for row in rows {
            let key = row[0], values = Array(row.dropFirst())
            if let earlier = seen[key] {
                guard earlier == values else {
                    throw DashboardError("\(what): key \(key ?? "NULL") has two rows (\(earlier.map { $0 ?? "NULL" }) and "
                        + "\(values.map { $0 ?? "NULL" })); a lookup's first column must be unique")
                }
                continue
            }
            seen[key] = values
            keys.append(key)
            for (i, value) in values.enumerated() {
                var column = ByteColumn()
                column.append(string: value)
                attributes[i].append(.text(column), type: .text)
            }
        }
        return LookupData(name: lookup.name, key: result.schema.fields[0].name, keys: keys,
                          attributes: zip(result.schema.fields.dropFirst(), attributes).map { NamedColumn(name: $0.name, column: $1.column) })
    }
}
