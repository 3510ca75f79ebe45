import SQLSyntax

/// INTERVAL literals beside dates: `date ± INTERVAL n YEAR|MONTH|WEEK|DAY` (also
/// `'y-m' YEAR TO MONTH`, `'3 days'` and several units at once) as a number of months and
/// a number of days. A date plus an interval with a time part is a TIMESTAMP in Spark,
/// which this engine does not have yet.
enum IntervalBinder {
    static func interval(_ e: Expression) -> IntervalLiteral? {
        if case let .literal(.interval(interval)) = e.kind { return interval }
        return nil
    }

    static func monthsAndDays(_ interval: IntervalLiteral, at location: SourceLocation) throws -> (months: Int64, days: Int64) {
        var months: Int64 = 0, days: Int64 = 0
        func add(_ value: String, _ unit: IntervalUnit) throws {
            guard let n = Int64(value.trimmingSpaces), n.magnitude <= 1_000_000 else {
                throw SQLError("invalid INTERVAL value '\(value)' for \(unit.rawValue) (a whole number up to 1000000)", at: location)
            }
            switch unit {
            case .year: months += n * 12
            case .month: months += n
            case .week: days += n * 7
            case .day: days += n
            default: throw SQLError.notSupported("INTERVAL of \(unit.rawValue.lowercased())s (no TIMESTAMP type yet)", at: location)
            }
        }
        switch interval {
        case let .units(components):
            for component in components { try add(component.value, component.unit) }
        case let .range(value, from, to):
            guard from == .year, to == .month else {
                throw SQLError.notSupported("INTERVAL … \(from.rawValue) TO \(to.rawValue) (no TIMESTAMP type yet)", at: location)
            }
            let negative = value.trimmingSpaces.hasPrefix("-")
            let parts = value.trimmingSpaces.drop { $0 == "-" || $0 == "+" }.split(separator: "-")
            guard parts.count == 2, let y = Int64(parts[0]), let m = Int64(parts[1]), y <= 1_000_000, m < 12 else {
                throw SQLError("invalid INTERVAL '\(value)' YEAR TO MONTH (expected 'y-m')", at: location)
            }
            months = (negative ? -1 : 1) * (y * 12 + m)
        case let .text(text):
            let words = text.split(separator: " ").map(String.init)
            guard !words.isEmpty, words.count % 2 == 0 else {
                throw SQLError("invalid INTERVAL '\(text)' (expected pairs such as '3 days')", at: location)
            }
            for i in stride(from: 0, to: words.count, by: 2) {
                let word = words[i + 1].uppercased()
                guard let unit = IntervalUnit(rawValue: word) ?? IntervalUnit(rawValue: String(word.dropLast())) else {
                    throw SQLError("invalid INTERVAL '\(text)': unknown unit '\(words[i + 1])'", at: location)
                }
                try add(words[i], unit)
            }
        }
        return (months, days)
    }
}
