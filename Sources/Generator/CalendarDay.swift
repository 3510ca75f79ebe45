import Columns

/// A calendar day (proleptic Gregorian), stored as days since 1970-01-01.
public struct CalendarDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    /// Days since 1970-01-01 (negative before).
    public let epochDay: Int32

    public init(epochDay: Int32) { self.epochDay = epochDay }

    /// The day `year-month-day`, or nil when it does not exist.
    public init?(year: Int, month: Int, day: Int) {
        guard let days = CivilDate.days(year: year, month: month, day: day) else { return nil }
        epochDay = days
    }

    /// Parses `yyyy-MM-dd` (exactly 4-2-2 digits, an existing date).
    public init?(iso text: String) {
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var v = 0
            for i in range {
                let d = Int(b[i]) - 48
                guard (0 ... 9).contains(d) else { return nil }
                v = v * 10 + d
            }
            return v
        }
        guard let y = number(0 ..< 4), let m = number(5 ..< 7), let d = number(8 ..< 10) else { return nil }
        self.init(year: y, month: m, day: d)
    }

    public var year: Int { CivilDate.civil(epochDay).year }
    public var month: Int { CivilDate.civil(epochDay).month }
    public var day: Int { CivilDate.civil(epochDay).day }

    /// 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday).
    public var weekday: Int { Int(((epochDay % 7) + 7 + 3) % 7) }

    /// The first day of this day's month.
    public var monthStart: CalendarDay {
        let (y, m, _) = CivilDate.civil(epochDay)
        return CalendarDay(epochDay: CivilDate.days(year: y, month: m, day: 1) ?? epochDay)
    }

    /// The first day of the next month.
    public var nextMonthStart: CalendarDay {
        let (y, m, _) = CivilDate.civil(epochDay)
        let days = m == 12 ? CivilDate.days(year: y + 1, month: 1, day: 1) : CivilDate.days(year: y, month: m + 1, day: 1)
        return CalendarDay(epochDay: days ?? epochDay)
    }

    /// Days in this day's month.
    public var daysInMonth: Int {
        let (y, m, _) = CivilDate.civil(epochDay)
        return CivilDate.daysInMonth(year: y, month: m)
    }

    public func adding(days: Int) -> CalendarDay { CalendarDay(epochDay: epochDay + Int32(days)) }

    /// Whole days from `self` to `other`.
    public func distance(to other: CalendarDay) -> Int { Int(other.epochDay) - Int(epochDay) }

    /// `yyyy-MM-dd`.
    public var iso: String { CivilDate.isoString(epochDay) }
    public var description: String { iso }

    public static func < (a: CalendarDay, b: CalendarDay) -> Bool { a.epochDay < b.epochDay }
}

/// English calendar names, as the real files write them.
enum CalendarNames {
    static let weekdays = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
    static let months = ["January", "February", "March", "April", "May", "June", "July", "August",
                         "September", "October", "November", "December"]
    static let monthCodes = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"]

    static func weekday(_ day: CalendarDay) -> String { weekdays[day.weekday] }
    static func month(_ m: Int) -> String { months[(m - 1) % 12] }
    static func monthCode(_ m: Int) -> String { monthCodes[(m - 1) % 12] }
}
