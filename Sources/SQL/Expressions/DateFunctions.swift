import Columns

/// Date functions over DATE columns (days since 1970-01-01). Spark's `date_trunc`
/// returns a TIMESTAMP; with no timestamp type here it returns the DATE of that instant.
enum DateFunctions {
    static func evaluate(_ f: ScalarFunction, _ args: [Column], rows: Int, text: String) throws -> Column {
        func days(_ i: Int) throws -> FixedColumn<Int32> { try ColumnAccess.int32(args[i]) }
        func ints(_ i: Int) throws -> FixedColumn<Int64> { try ColumnAccess.int64(args[i]) }
        var nulls = ContiguousArray<Bool>(repeating: false, count: rows)

        switch f {
        case .year, .quarter, .month, .day, .dayOfWeek:
            let d = try days(0)
            var values = ContiguousArray<Int32>(repeating: 0, count: rows)
            for row in 0 ..< rows {
                if d.isNull(row) { nulls[row] = true; continue }
                let c = CivilDate.civil(d.values[row])
                switch f {
                case .year: values[row] = Int32(c.year)
                case .quarter: values[row] = Int32((c.month - 1) / 3 + 1)
                case .month: values[row] = Int32(c.month)
                case .day: values[row] = Int32(c.day)
                default: values[row] = Int32(dayOfWeek(d.values[row]))
                }
            }
            return .int32(FixedColumn(values: values, nulls: ColumnFactory.mask(nulls)))
        case .dateDiff:
            let end = try days(0), start = try days(1)
            var values = ContiguousArray<Int32>(repeating: 0, count: rows)
            for row in 0 ..< rows {
                if end.isNull(row) || start.isNull(row) { nulls[row] = true; continue }
                values[row] = end.values[row] &- start.values[row]
            }
            return .int32(FixedColumn(values: values, nulls: ColumnFactory.mask(nulls)))
        case .dateFormat:
            let d = try days(0), patterns = try ColumnAccess.text(args[1])
            var out = ColumnFactory.TextBuilder(rows: rows)
            var cache: (String, [DatePattern.Token])?
            for row in 0 ..< rows {
                guard !d.isNull(row), let pattern = patterns.string(row) else { out.appendNull(); continue }
                if cache?.0 != pattern { cache = (pattern, try DatePattern.parse(pattern)) }
                out.append(DatePattern.format(d.values[row], cache?.1 ?? []))
            }
            return out.result
        default:
            break
        }

        var values = ContiguousArray<Int32>(repeating: 0, count: rows)
        switch f {
        case .dateTrunc:
            let units = try ColumnAccess.text(args[0]), d = try days(1)
            for row in 0 ..< rows {
                guard !d.isNull(row), let unit = units.string(row) else { nulls[row] = true; continue }
                guard let truncated = try truncate(d.values[row], unit: unit) else { nulls[row] = true; continue }
                values[row] = truncated
            }
        case .dateAdd, .dateSub:
            let d = try days(0), n = try ints(1)
            for row in 0 ..< rows {
                if d.isNull(row) || n.isNull(row) { nulls[row] = true; continue }
                let (shifted, overflow) = f == .dateAdd ? Int64(d.values[row]).addingReportingOverflow(n.values[row])
                    : Int64(d.values[row]).subtractingReportingOverflow(n.values[row])
                guard !overflow, let v = Int32(exactly: shifted) else { throw SQLError("date out of range in \(text)") }
                values[row] = v
            }
        case .addMonths:
            let d = try days(0), n = try ints(1)
            for row in 0 ..< rows {
                if d.isNull(row) || n.isNull(row) { nulls[row] = true; continue }
                guard let v = addMonths(d.values[row], n.values[row]) else { throw SQLError("date out of range in \(text)") }
                values[row] = v
            }
        case .lastDay:
            let d = try days(0)
            for row in 0 ..< rows {
                if d.isNull(row) { nulls[row] = true; continue }
                let c = CivilDate.civil(d.values[row])
                values[row] = CivilDate.days(year: c.year, month: c.month, day: CivilDate.daysInMonth(year: c.year, month: c.month)) ?? 0
            }
        case .makeDate:
            let y = try ints(0), m = try ints(1), dd = try ints(2)
            for row in 0 ..< rows {
                guard let year = y.value(row), let month = m.value(row), let day = dd.value(row),
                      year.magnitude < 1_000_000, month.magnitude < 100, day.magnitude < 100,
                      let v = CivilDate.days(year: Int(year), month: Int(month), day: Int(day)) else {
                    nulls[row] = true
                    continue
                }
                values[row] = v
            }
        default:
            throw SQLError("internal error: \(f) is not a date function")
        }
        return .date(FixedColumn(values: values, nulls: ColumnFactory.mask(nulls)))
    }

    /// 1 = Sunday … 7 = Saturday (Spark's dayofweek). 1970-01-01 was a Thursday.
    static func dayOfWeek(_ days: Int32) -> Int {
        let r = (Int(days) + 4) % 7
        return (r < 0 ? r + 7 : r) + 1
    }

    static func addMonths(_ days: Int32, _ months: Int64) -> Int32? {
        let c = CivilDate.civil(days)
        guard months.magnitude < 12 * 1_000_000 else { return nil }
        let total = Int64(c.year) * 12 + Int64(c.month - 1) + months
        let year = Int(total >= 0 ? total / 12 : (total - 11) / 12)
        let month = Int(total - Int64(year) * 12) + 1
        let day = min(c.day, CivilDate.daysInMonth(year: year, month: month))
        return CivilDate.days(year: year, month: month, day: day)
    }

    /// The first day of the unit holding `days`; nil for an unknown unit (NULL, as Spark).
    static func truncate(_ days: Int32, unit: String) throws -> Int32? {
        let c = CivilDate.civil(days)
        switch unit.lowercased() {
        case "year", "yyyy", "yy": return CivilDate.days(year: c.year, month: 1, day: 1)
        case "quarter": return CivilDate.days(year: c.year, month: (c.month - 1) / 3 * 3 + 1, day: 1)
        case "month", "mon", "mm": return CivilDate.days(year: c.year, month: c.month, day: 1)
        case "week": return days - Int32((dayOfWeek(days) + 5) % 7)  // back to Monday
        case "day", "dd", "hour", "minute", "second": return days
        default: return nil
        }
    }
}

/// The common `date_format` patterns (Spark's datetime pattern letters): y, M, d, E, Q
/// runs and quoted text; other letters are refused with "not supported yet".
enum DatePattern {
    enum Token: Sendable { case literal(String), field(Character, Int) }

    static func parse(_ pattern: String) throws -> [Token] {
        var tokens: [Token] = []
        var chars = Array(pattern)[...]
        while let ch = chars.first {
            if ch == "'" {
                chars = chars.dropFirst()
                var literal = ""
                while let c = chars.first, c != "'" { literal.append(c); chars = chars.dropFirst() }
                chars = chars.dropFirst()
                tokens.append(.literal(literal.isEmpty ? "'" : literal))
            } else if ch.isLetter {
                guard "yMdEQLu".contains(ch) else {
                    throw SQLError.notSupported("date_format pattern letter '\(ch)' (supported: y M d E Q and quoted text)")
                }
                var run = 0
                while chars.first == ch { run += 1; chars = chars.dropFirst() }
                tokens.append(.field(ch, run))
            } else {
                tokens.append(.literal(String(ch)))
                chars = chars.dropFirst()
            }
        }
        return tokens
    }

    static let months = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
                         "October", "November", "December"]
    static let weekdays = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    static func format(_ days: Int32, _ tokens: [Token]) -> String {
        let c = CivilDate.civil(days)
        var out = ""
        func padded(_ v: Int, _ width: Int) -> String {
            let s = String(v)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        for token in tokens {
            switch token {
            case let .literal(s): out += s
            case let .field(letter, run):
                switch letter {
                case "y", "u": out += run == 2 ? padded(c.year % 100, 2) : padded(c.year, run)
                case "M", "L":
                    let name = months[c.month - 1]
                    out += run >= 4 ? name : run == 3 ? String(name.prefix(3)) : padded(c.month, run)
                case "d": out += padded(c.day, run)
                case "Q":
                    // Java's: Q 3, QQ 03, QQQ Q3, QQQQ 3rd quarter.
                    let q = (c.month - 1) / 3 + 1
                    out += run == 3 ? "Q\(q)" : run == 4 ? ["1st", "2nd", "3rd", "4th"][q - 1] + " quarter" : padded(q, run)
                default:
                    let name = weekdays[DateFunctions.dayOfWeek(days) - 1]
                    out += run >= 4 ? name : String(name.prefix(3))
                }
            }
        }
        return out
    }
}
