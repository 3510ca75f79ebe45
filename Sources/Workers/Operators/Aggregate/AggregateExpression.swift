import Columns

/// An aggregate over a group: count(*), count(column) (non-NULL values), and
/// sum/min/max over BIGINT, INT, DATE (min/max only) and DECIMAL columns.
public enum AggregateFunction: Sendable, Hashable {
    case countAll
    case count(String)
    case sum(String)
    case min(String)
    case max(String)
}

/// An aggregate and the name of its output column.
public struct AggregateExpression: Sendable, Hashable {
    public var function: AggregateFunction
    public var name: String

    public init(_ function: AggregateFunction, as name: String) {
        self.function = function
        self.name = name
    }
}

/// A resolved aggregate: what to do with which input column, and what it outputs.
struct Accumulator: Sendable {
    enum Kind: Sendable { case countAll, count, sum, min, max }
    let kind: Kind
    /// Input column index (unused for countAll).
    let input: Int
    let output: Field

    /// Resolves `expression` against the raw input schema.
    static func resolve(_ expression: AggregateExpression, in schema: Schema) throws -> Accumulator {
        let (kind, column): (Kind, String?) = switch expression.function {
        case .countAll: (.countAll, nil)
        case let .count(c): (.count, c)
        case let .sum(c): (.sum, c)
        case let .min(c): (.min, c)
        case let .max(c): (.max, c)
        }
        guard let column else {
            return Accumulator(kind: .countAll, input: 0, output: Field(expression.name, .int64, nullable: false))
        }
        let input = try schema.indices(of: [column])[0]
        let type = schema.fields[input].type
        let unsupported = OperatorError.unsupportedAggregate(function: "\(kind)", column: column, type: type)
        let outputType: ColumnType
        switch (kind, type) {
        case (.count, _): return Accumulator(kind: .count, input: input, output: Field(expression.name, .int64, nullable: false))
        case (.sum, .int64), (.sum, .int32): outputType = .int64
        case let (.sum, .decimal(_, scale)): outputType = .decimal(precision: 18, scale: scale)
        case (.min, .int64), (.min, .int32), (.min, .date), (.min, .decimal),
             (.max, .int64), (.max, .int32), (.max, .date), (.max, .decimal): outputType = type
        default: throw unsupported
        }
        return Accumulator(kind: kind, input: input, output: Field(expression.name, outputType))
    }

    /// The accumulator that merges partial results held in column `column` of a partial batch.
    func merging(column: Int) -> Accumulator {
        let mergeKind: Kind = switch kind {
        case .countAll, .count, .sum: .sum
        case .min: .min
        case .max: .max
        }
        return Accumulator(kind: mergeKind, input: column, output: output)
    }
}
