/// Time phrases among a question's items: "in 2025", "Q3 2025", "December 2025", "since
/// July", "between March and June 2025", "last month/quarter/year", "last 3 months",
/// "this year", "year to date". Relative ones count from the latest month holding data:
/// "last month" is that month, "last quarter"/"last year" the latest complete ones
/// (ending at or before it), "this quarter"/"this year" run up to it. A month or quarter
/// without a year is its latest occurrence in the data.
struct TimeExpressions {
    let latest: Month

    struct Found {
        var period: AskQuery.Period
        /// Indices of the items it is made of.
        var items: ClosedRange<Int>
    }

    /// The periods found, in order, and the items they used.
    func find(in items: [Item]) -> [Found] {
        var found: [Found] = []
        var i = 0
        while i < items.count {
            if let hit = match(items, at: i) {
                found.append(hit)
                i = hit.items.upperBound + 1
            } else {
                i += 1
            }
        }
        return found
    }

    private func match(_ items: [Item], at i: Int) -> Found? {
        func meaning(_ k: Int) -> Meaning? { k < items.count ? items[k].meaning : nil }
        switch items[i].meaning {
        case .keyword(.yearToDate):
            return Found(period: period("year to date", Month(year: latest.year, month: 1), latest), items: i ... i)
        case .keyword(.inPeriod):
            // "in 2025": the preposition belongs to the period after it.
            guard let hit = point(items, at: i + 1) else { return nil }
            return Found(period: hit.period, items: i ... hit.items.upperBound)
        case .keyword(.last), .keyword(.this):
            let isLast = items[i].meaning == .keyword(.last)
            var k = i + 1
            var count = 1
            if case let .number(n)? = meaning(k), (1 ... 240).contains(n), isLast { count = n; k += 1 }
            if case let .grain(grain)? = meaning(k) {
                return Found(period: relative(grain, count: count, last: isLast, words: items[i ... k].map(\.text)), items: i ... k)
            }
            if case let .month(m)? = meaning(k), count == 1 {
                let month = latestOccurrence(ofMonth: m)
                return Found(period: period(items[i ... k].map(\.text).joined(separator: " "), month, month), items: i ... k)
            }
            return nil
        case .keyword(.since):
            guard let start = point(items, at: i + 1) else { return nil }
            return Found(period: period("since " + start.period.label, start.period.range.first, latest),
                         items: i ... start.items.upperBound)
        case .keyword(.between), .keyword(.from):
            guard let a = point(items, at: i + 1),
                  case .keyword(let joint)? = meaning(a.items.upperBound + 1), joint == .and || joint == .to,
                  var b = point(items, at: a.items.upperBound + 2) else { return nil }
            var first = a.period.range.first
            // "between March and June 2025": the year written once is both ends'.
            if case let .month(m) = items[a.items.lowerBound].meaning, a.items.count == 1 {
                first = Month(year: b.period.range.last.year, month: m)
                if first > b.period.range.last { first = Month(year: b.period.range.last.year - 1, month: m) }
            }
            b.items = a.items.lowerBound ... b.items.upperBound
            let label = items[i].text.lowercased() + " " + items[(i + 1) ... b.items.upperBound].map(\.text).joined(separator: " ")
            return Found(period: period(label, first, b.period.range.last), items: i ... b.items.upperBound)
        default:
            return point(items, at: i)
        }
    }

    /// One period: a year, a quarter [year], a month [year].
    private func point(_ items: [Item], at i: Int) -> Found? {
        guard i < items.count else { return nil }
        var year: Int?
        if i + 1 < items.count, case let .number(n) = items[i + 1].meaning, Self.isYear(n) { year = n }
        switch items[i].meaning {
        case let .number(n) where Self.isYear(n):
            return Found(period: period("\(n)", Month(year: n, month: 1), Month(year: n, month: 12)), items: i ... i)
        case let .quarter(q):
            let y = year ?? latestYear(ofQuarter: q)
            let first = Month(year: y, month: (q - 1) * 3 + 1)
            return Found(period: period("Q\(q) \(y)", first, first.adding(2)), items: i ... (year == nil ? i : i + 1))
        case let .month(m):
            let month = year.map { Month(year: $0, month: m) } ?? latestOccurrence(ofMonth: m)
            return Found(period: period(month.label, month, month), items: i ... (year == nil ? i : i + 1))
        default:
            return nil
        }
    }

    static func isYear(_ n: Int) -> Bool { (1900 ... 2199).contains(n) }

    private func latestOccurrence(ofMonth m: Int) -> Month {
        let candidate = Month(year: latest.year, month: m)
        return candidate > latest ? Month(year: latest.year - 1, month: m) : candidate
    }

    /// The latest year whose quarter `q` is complete in the data.
    private func latestYear(ofQuarter q: Int) -> Int {
        Month(year: latest.year, month: q * 3) > latest ? latest.year - 1 : latest.year
    }

    private func relative(_ grain: String, count: Int, last: Bool, words: [String]) -> AskQuery.Period {
        let label = words.joined(separator: " ").lowercased()
        switch (grain, last) {
        case ("quarter", true):
            let end = latest.month % 3 == 0 ? latest : Month(year: latest.year, month: (latest.quarter - 1) * 3).adding(0)
            return period(label, end.adding(-(3 * count - 1)), end)
        case ("quarter", false):
            return period(label, Month(year: latest.year, month: (latest.quarter - 1) * 3 + 1), latest)
        case ("year", true):
            let end = latest.month == 12 ? latest : Month(year: latest.year - 1, month: 12)
            return period(label, end.adding(-(12 * count - 1)), end)
        case ("year", false):
            return period(label, Month(year: latest.year, month: 1), latest)
        default:  // months: "last 3 months" ends with the latest month
            return period(label, latest.adding(-(count - 1)), latest)
        }
    }

    private func period(_ label: String, _ first: Month, _ last: Month) -> AskQuery.Period {
        AskQuery.Period(label: label, range: MonthRange(first: first, last: last))
    }
}
