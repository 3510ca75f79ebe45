/// Proleptic Gregorian calendar arithmetic on days since 1970-01-01 (as Spark, Parquet
/// and Delta count DATE values), independent of time zones and Foundation formatters.
/// The one implementation every layer uses.
public enum CivilDate {
    public static func isLeap(_ y: Int) -> Bool { (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 }

    public static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: isLeap(year) ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Days since the epoch of a date of years 1…9999, or nil when the date does not exist.
    public static func days(year: Int, month: Int, day: Int) -> Int32? {
        guard (1 ... 9999).contains(year), (1 ... 12).contains(month),
              day >= 1, day <= daysInMonth(year: year, month: month) else { return nil }
        return Int32(daysFromCivil(Int64(year), Int64(month), Int64(day)))
    }

    /// (year, month, day) of a day count.
    public static func civil(_ days: Int32) -> (year: Int, month: Int, day: Int) {
        let (y, m, d) = civil(fromDays: Int64(days))
        return (Int(y), Int(m), Int(d))
    }

    /// Howard Hinnant's days_from_civil, for any year (no range check: callers check the
    /// date exists, e.g. by converting back).
    public static func daysFromCivil(_ year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    /// Howard Hinnant's civil_from_days: (year, month, day) of any day count.
    public static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (m <= 2 ? yoe + era * 400 + 1 : yoe + era * 400, m, d)
    }

    /// `yyyy-MM-dd` text of a day count (a year before 1 as `-yyyy`).
    public static func isoString(_ days: Int32) -> String {
        let (y, m, d) = civil(fromDays: Int64(days))
        func pad(_ v: Int64, _ w: Int) -> String {
            let s = String(v)
            return s.count >= w ? s : String(repeating: "0", count: w - s.count) + s
        }
        let year = y < 0 ? "-" + pad(-y, 4) : pad(y, 4)
        return "\(year)-\(pad(m, 2))-\(pad(d, 2))"
    }
}
