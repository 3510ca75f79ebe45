import Columns

/// Calendar checks shared by the date rules: a date must exist (`2025/02/30` does not).
public enum CivilDateRule {
    /// Days since 1970-01-01, or nil when the date does not exist. Year 0 is not a year
    /// (the `yyyy` of Rules §8.2 is a calendar year, 0001…9999).
    static func days(year: Int, month: Int, day: Int) -> Int32? {
        CivilDate.days(year: year, month: month, day: day)
    }

    /// Days of the first day of the month of `days`.
    public static func monthStart(_ days: Int32) -> Int32 {
        days - Int32(CivilDate.civil(days).day - 1)
    }

    static func year(_ days: Int32) -> Int { CivilDate.civil(days).year }
}
