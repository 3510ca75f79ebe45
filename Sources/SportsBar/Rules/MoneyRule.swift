import Columns
import Partition

/// Money as DECIMAL(18,2): unscaled Int64 cents, never floating point.
public enum MoneyRule {
    public static let type = ColumnType.decimal(precision: 18, scale: 2)

    /// §3.3 step 2 and §8: a gross_price matching `^-?\d+(\.\d+)?$` becomes its absolute
    /// value rounded half-up to 2 decimals; anything else (NULL included), and any value
    /// too large for DECIMAL(18,2), becomes 0.
    public static func grossPrice(_ field: UnsafeRawBufferPointer?) -> Int64 {
        guard let field, !field.isEmpty else { return 0 }
        // The pattern has no `+`; after an optional `-` the decimal parser's grammar is the pattern's.
        let magnitude = field[0] == 0x2D ? UnsafeRawBufferPointer(rebasing: field[1...]) : field
        guard let first = magnitude.first, first &- 0x30 < 10 else { return 0 }
        return FieldParsers.decimal(magnitude, precision: 18, scale: 2) ?? 0
    }

    public static func grossPrice(_ text: String?) -> Int64 {
        guard var copy = text else { return 0 }
        return copy.withUTF8 { grossPrice(UnsafeRawBufferPointer($0)) }
    }

    /// `cents` as text with two decimals (`8400` → `84.00`), for reports and tests.
    public static func text(_ cents: Int64) -> String {
        let sign = cents < 0 ? "-" : ""
        let magnitude = cents.magnitude
        let fraction = magnitude % 100
        return "\(sign)\(magnitude / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
