import Columns
import SQL

/// A named, dictionary-encoded column.
struct NamedColumn: Sendable {
    var name: String
    var column: EncodedColumn
}

/// An additive measure as exact scaled integers (rupees × 100 for `decimal(…,2)`).
struct MeasureColumn: Sendable {
    var name: String
    var scale: Int
    var values: ContiguousArray<Int64>
}

/// A cube: dimension columns and additive measures, one row per SQL result row.
struct CubeData: Sendable {
    var rows: Int
    var dimensions: [NamedColumn]
    var measures: [MeasureColumn]
}

/// The rows of a distinct dataset grouped by every column but the set column, each
/// with a bitset over the set column's values (bit i: value i occurs in the group).
struct DistinctData: Sendable {
    var rows: Int
    var dimensions: [NamedColumn]
    var count: String
    var setName: String
    var setValues: [String?]
    var words: Int
    var bits: ContiguousArray<UInt32>
}

/// A lookup's rows: its key values and attribute columns.
struct LookupData: Sendable {
    var name: String
    var key: String
    var keys: [String?]
    var attributes: [NamedColumn]
}

/// A column of a result, encoded.
enum ResultColumns {
    /// Every column of `result`, dictionary-encoded, in order.
    static func encode(_ result: SQLResult, skipping skipped: Set<String> = []) -> [NamedColumn] {
        result.schema.fields.enumerated().compactMap { index, field in
            guard !skipped.contains(field.name) else { return nil }
            var encoder = ColumnEncoder()
            for batch in result.batches { encoder.append(batch.columns[index], type: field.type) }
            return NamedColumn(name: field.name, column: encoder.column)
        }
    }

    /// A measure column as scaled integers (NULL adds nothing: 0); nil with the reason
    /// when the column is not an integer or decimal.
    static func measure(_ result: SQLResult, _ name: String) -> Result<MeasureColumn, MeasureProblem> {
        guard let index = result.schema.index(of: name) else { return .failure(.missing) }
        let type = result.schema.fields[index].type
        let scale: Int
        switch type {
        case .int64, .int32: scale = 0
        case let .decimal(_, s): scale = s
        default: return .failure(.notExact(type))
        }
        var values = ContiguousArray<Int64>()
        values.reserveCapacity(result.rowCount)
        for batch in result.batches {
            switch batch.columns[index] {
            case let .int64(c), let .decimal(c):
                for row in 0 ..< c.count { values.append(c.isNull(row) ? 0 : c.values[row]) }
            case let .int32(c):
                for row in 0 ..< c.count { values.append(c.isNull(row) ? 0 : Int64(c.values[row])) }
            default: return .failure(.notExact(type))
            }
        }
        return .success(MeasureColumn(name: name, scale: scale, values: values))
    }

    enum MeasureProblem: Error {
        case missing
        case notExact(ColumnType)
    }
}
