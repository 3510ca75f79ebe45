import Columns

/// Errors raised by the batch helpers and operators. Every case says what was
/// being done and with which column, so that a failed run names its cause.
public enum OperatorError: Error, Sendable, Equatable, CustomStringConvertible {
    case unknownColumn(name: String, available: [String])
    case schemaMismatch(context: String, expected: Schema, found: Schema)
    case columnKindMismatch(context: String, column: Int)
    case keyTypeMismatch(context: String, left: Field, right: Field)
    case maskLengthMismatch(rows: Int, mask: Int)
    case unsupportedAggregate(function: String, column: String, type: ColumnType)
    case arithmeticOverflow(context: String)
    case textColumnTooLarge(context: String, bytes: Int)
    case invalidArgument(String)

    public var description: String {
        switch self {
        case let .unknownColumn(name, available):
            "unknown column '\(name)'; available: \(available.joined(separator: ", "))"
        case let .schemaMismatch(context, expected, found):
            "\(context): schema mismatch: expected \(expected.summary), found \(found.summary)"
        case let .columnKindMismatch(context, column):
            "\(context): column \(column) has a different physical type than the target"
        case let .keyTypeMismatch(context, left, right):
            "\(context): key '\(left.name)' is \(left.type) but '\(right.name)' is \(right.type)"
        case let .maskLengthMismatch(rows, mask):
            "filter mask has \(mask) entries for a batch of \(rows) rows"
        case let .unsupportedAggregate(function, column, type):
            "\(function)(\(column)) is not supported for a \(type) column"
        case let .arithmeticOverflow(context):
            "\(context): 64-bit integer overflow"
        case let .textColumnTooLarge(context, bytes):
            "\(context): a text column would hold \(bytes) bytes, over the 2 GiB limit of a batch"
        case let .invalidArgument(message):
            message
        }
    }
}

extension Schema {
    /// "name TYPE, ..." for error messages.
    var summary: String {
        "(" + fields.map { "\($0.name) \($0.type)" }.joined(separator: ", ") + ")"
    }

    /// The index of each named column, or an error naming the missing one.
    public func indices(of names: [String]) throws(OperatorError) -> [Int] {
        var result: [Int] = []
        result.reserveCapacity(names.count)
        for name in names {
            guard let index = index(of: name) else {
                throw .unknownColumn(name: name, available: fields.map(\.name))
            }
            result.append(index)
        }
        return result
    }
}
