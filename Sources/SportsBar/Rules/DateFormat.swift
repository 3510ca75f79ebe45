/// A date layout the rules allow (Rules §3.3, §3.4, §8.2): `yyyy` exactly four digits, `MM`
/// and `dd` exactly two, `MMMM` a full English month name in any case, separators
/// literally as written. Raw values are the rules' spelling (used in rules JSON).
public enum DateFormat: String, Sendable, Codable, CaseIterable {
    case slashYearMonthDay = "yyyy/MM/dd"
    case slashDayMonthYear = "dd/MM/yyyy"
    case dashYearMonthDay = "yyyy-MM-dd"
    case dashDayMonthYear = "dd-MM-yyyy"
    case monthNameDayYear = "MMMM dd, yyyy"

    /// Days since 1970-01-01 when `text` is entirely this format and a real date.
    /// `monthNames` are the twelve names as lower-case ASCII bytes.
    func parse(_ text: UnsafeRawBufferPointer, monthNames: [[UInt8]]) -> Int32? {
        switch self {
        case .slashYearMonthDay: Self.yearFirst(text, separator: 0x2F)
        case .dashYearMonthDay: Self.yearFirst(text, separator: 0x2D)
        case .slashDayMonthYear: Self.dayFirst(text, separator: 0x2F)
        case .dashDayMonthYear: Self.dayFirst(text, separator: 0x2D)
        case .monthNameDayYear: Self.monthName(text, monthNames: monthNames)
        }
    }

    /// `yyyy?MM?dd`.
    private static func yearFirst(_ s: UnsafeRawBufferPointer, separator: UInt8) -> Int32? {
        guard s.count == 10, s[4] == separator, s[7] == separator,
              let y = number(s, 0, 4), let m = number(s, 5, 2), let d = number(s, 8, 2) else { return nil }
        return CivilDateRule.days(year: y, month: m, day: d)
    }

    /// `dd?MM?yyyy`.
    private static func dayFirst(_ s: UnsafeRawBufferPointer, separator: UInt8) -> Int32? {
        guard s.count == 10, s[2] == separator, s[5] == separator,
              let d = number(s, 0, 2), let m = number(s, 3, 2), let y = number(s, 6, 4) else { return nil }
        return CivilDateRule.days(year: y, month: m, day: d)
    }

    /// `MMMM dd, yyyy`: name, one space, two digits, comma, one space, four digits.
    private static func monthName(_ s: UnsafeRawBufferPointer, monthNames: [[UInt8]]) -> Int32? {
        // The fixed tail " dd, yyyy" is 9 bytes; the name is everything before it.
        let nameLength = s.count - 9
        guard nameLength > 0, s[nameLength] == 0x20, s[nameLength + 3] == 0x2C, s[nameLength + 4] == 0x20,
              let d = number(s, nameLength + 1, 2), let y = number(s, nameLength + 5, 4) else { return nil }
        let name = UnsafeRawBufferPointer(rebasing: s[0 ..< nameLength])
        guard let index = MonthNameMatch.index(of: name, in: monthNames) else { return nil }
        return CivilDateRule.days(year: y, month: index + 1, day: d)
    }

    /// Exactly `count` ASCII digits at `start`.
    private static func number(_ s: UnsafeRawBufferPointer, _ start: Int, _ count: Int) -> Int? {
        guard start >= 0, start + count <= s.count else { return nil }
        var value = 0
        for i in start ..< start + count {
            let d = s[i] &- 0x30
            guard d < 10 else { return nil }
            value = value * 10 + Int(d)
        }
        return value
    }
}

/// Case-insensitive lookup of a full month name.
enum MonthNameMatch {
    static func index(of name: UnsafeRawBufferPointer, in lowerNames: [[UInt8]]) -> Int? {
        for (index, candidate) in lowerNames.enumerated() where candidate.count == name.count {
            var same = true
            for i in 0 ..< name.count where (name[i] | 0x20) != candidate[i] || !SportsBarRules.isASCIILetter(name[i]) {
                same = false
                break
            }
            if same { return index }
        }
        return nil
    }
}
