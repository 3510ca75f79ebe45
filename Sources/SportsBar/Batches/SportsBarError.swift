import Columns

/// Why a SportsBar transformation could not run. Every case names the table (and the
/// column, file or line) so a failed run says where to look.
public enum SportsBarError: Error, Sendable, Equatable, CustomStringConvertible {
    case missingColumn(table: String, column: String, available: [String])
    case wrongColumnType(table: String, column: String, expected: ColumnType, found: ColumnType)
    case invalidRules(String)
    case valueOverflow(table: String, column: String, detail: String)
    /// A text value that is not valid UTF-8 (`byte`: offset of the first bad byte in it).
    case invalidText(table: String, column: String, file: String, line: Int64, byte: Int)
    /// A row names a source file the batch was not given (an engine bug, never user input).
    case unknownSourceFile(table: String, file: String, known: Int)

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
        case let .invalidText(table, column, file, line, byte):
            "\(table): column '\(column)' of \(file) line \(line) is not valid UTF-8 (byte \(byte) of the value); "
                + "this engine never writes such bronze rows (rebuild it with --full-refresh into a new lake)"
        case let .unknownSourceFile(table, file, known):
            "\(table): source file '\(file)' is not one of the batch's \(known) files"
        }
    }
}
