/// The values of each dimension (as stored) and the months the fact table covers: what
/// a question's words are looked up in. Built from the data once per ``Asker`` (see
/// ``Asker/valueIndex()``).
public struct ValueIndex: Sendable {
    /// Dimension name → its distinct values.
    public var values: [String: [String]]
    /// The first and last month holding facts.
    public var firstMonth: Month
    public var latestMonth: Month

    public init(values: [String: [String]], firstMonth: Month, latestMonth: Month) {
        self.values = values
        self.firstMonth = firstMonth
        self.latestMonth = latestMonth
    }
}

/// A calendar month, counted from year 0 so that ranges are integer intervals.
public struct Month: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var index: Int

    public init(year: Int, month: Int) { index = year * 12 + (month - 1) }
    public init(index: Int) { self.index = index }

    public var year: Int { index / 12 }
    /// 1…12.
    public var month: Int { index % 12 + 1 }
    public var quarter: Int { (month - 1) / 3 + 1 }

    public static func < (a: Month, b: Month) -> Bool { a.index < b.index }
    public func adding(_ months: Int) -> Month { Month(index: index + months) }

    /// `2025-07`.
    public var description: String { "\(year)-" + (month < 10 ? "0" : "") + "\(month)" }
    /// `DATE '2025-07-01'`, the month's first day (the fact table's dates are month starts).
    var sqlDate: String { "DATE '\(description)-01'" }
    /// `Jul 2025`.
    var label: String { Vocabulary.monthAbbreviations[month - 1].capitalized + " \(year)" }

    /// `yyyy-MM` or `yyyy-MM-dd` text (the day is ignored).
    init?(text: String) {
        let parts = text.split(separator: "-")
        guard parts.count >= 2, let year = Int(parts[0]), let month = Int(parts[1]), (1 ... 12).contains(month) else { return nil }
        self.init(year: year, month: month)
    }
}

/// Months `first` through `last`, both included.
public struct MonthRange: Sendable, Equatable, Codable, CustomStringConvertible {
    public var first: Month
    public var last: Month

    public var description: String { "\(first)..\(last)" }

    /// `Jan 2025 – Dec 2025`, or one month's name.
    var label: String { first == last ? first.label : first.label + " – " + last.label }
}
