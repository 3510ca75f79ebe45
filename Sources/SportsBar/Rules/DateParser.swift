/// Parses a date field with a list of formats, first match wins (§3.3 step 1, §3.4
/// step 3, §8). Works on bytes: built once, shared by every scan task.
public struct DateParser: Sendable {
    public let formats: [DateFormat]
    /// Whether a leading weekday (`^[A-Za-z]+,\s*`) is removed first (orders only).
    public let stripsWeekday: Bool
    private let lowerMonthNames: [[UInt8]]

    public init(formats: [DateFormat], stripsWeekday: Bool, monthNames: [String]) {
        self.formats = formats
        self.stripsWeekday = stripsWeekday
        lowerMonthNames = monthNames.map { Array($0.lowercased().utf8) }
    }

    /// The parser of gross_price.month.
    public static func grossPriceMonth(_ rules: SportsBarRules) -> DateParser {
        DateParser(formats: rules.grossPriceDateFormats, stripsWeekday: false, monthNames: rules.monthNames)
    }

    /// The parser of orders.order_placement_date.
    public static func orderPlacement(_ rules: SportsBarRules) -> DateParser {
        DateParser(formats: rules.orderDateFormats, stripsWeekday: true, monthNames: rules.monthNames)
    }

    /// Days since 1970-01-01, or nil when no format matches the whole text.
    public func parse(_ field: UnsafeRawBufferPointer) -> Int32? {
        let text = stripsWeekday ? Self.droppingWeekday(field) : field
        for format in formats {
            if let days = format.parse(text, monthNames: lowerMonthNames) { return days }
        }
        return nil
    }

    public func parse(_ text: String) -> Int32? {
        var copy = text
        return copy.withUTF8 { parse(UnsafeRawBufferPointer($0)) }
    }

    /// `field` without a leading match of `^[A-Za-z]+,\s*` (Java's `\s`: space, tab,
    /// LF, VT, FF, CR); unchanged when there is no such match.
    static func droppingWeekday(_ field: UnsafeRawBufferPointer) -> UnsafeRawBufferPointer {
        var i = 0
        while i < field.count, SportsBarRules.isASCIILetter(field[i]) { i += 1 }
        guard i > 0, i < field.count, field[i] == 0x2C else { return field }
        i += 1
        while i < field.count, isRegexSpace(field[i]) { i += 1 }
        return UnsafeRawBufferPointer(rebasing: field[i...])
    }

    private static func isRegexSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || (byte >= 0x09 && byte <= 0x0D)
    }
}
