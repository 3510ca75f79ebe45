import Columns
import Partition

/// §3.5 and §8: the types of the parent company's columns and how text becomes them.
/// An empty field is NULL, never a mismatch.
public enum ParentType: Sendable, Hashable {
    case text
    /// BIGINT `^[+-]?\d+$` within range.
    case bigint
    /// INT `^[+-]?\d+$` within range.
    case int
    /// DECIMAL(18,2) `^[+-]?\d+(\.\d+)?$`, rounded half-up to 2 decimals.
    case money
    /// DATE `yyyy-MM-dd`, a real date.
    case date

    public var columnType: ColumnType {
        switch self {
        case .text: .text
        case .bigint: .int64
        case .int: .int32
        case .money: MoneyRule.type
        case .date: .date
        }
    }

    /// Whether a non-empty field parses as this type.
    func accepts(_ field: UnsafeRawBufferPointer) -> Bool {
        switch self {
        case .text: true
        case .bigint: FieldParsers.int64(field) != nil
        case .int: FieldParsers.int32(field) != nil
        case .money: FieldParsers.decimal(field, precision: 18, scale: 2) != nil
        case .date: FieldParsers.isoDate(field) != nil
        }
    }
}
