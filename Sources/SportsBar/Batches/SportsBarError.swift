import Partition

/// Why a SportsBar transformation could not run. Every case names the table (and the
/// column, file or line) so a failed run says where to look.
public enum SportsBarError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingColumn(table: String, column: String, available: [String])
    case wrongColumnType(table: String, column: String, expected: ColumnType, found: ColumnType)
    case invalidRules(String)
    case valueOverflow(table: String, column: String, detail: String)

    public var description: String {
        switch self {
        case let .missingColumn(table, column, available):
            "\(table): no column '\(column)' (columns: \(available.joined(separator: ", ")))"
        case let .wrongColumnType(table, column, expected, found):
            "\(table): column '\(column)' is \(found), expected \(expected)"
        case let .invalidRules(detail):
            "rules: \(detail)"
        case let .valueOverflow(table, column, detail):
            "\(table): column '\(column)' overflows: \(detail)"
        }
    }
}
