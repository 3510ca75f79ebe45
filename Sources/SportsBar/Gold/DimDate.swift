import Columns

/// §4 dim_date: one row per month from the first to the last fact month.
public enum DimDate {
    /// From the `date` column of the fact rows (the whole gold fact_orders).
    public static func build(fact: [RecordBatch], rules: SportsBarRules = .standard) throws -> RecordBatch {
        var first: Int32?, last: Int32?
        for batch in fact {
            let dates = try batch.date("date", in: "gold fact_orders")
            for row in 0 ..< dates.count where !dates.isNull(row) {
                let month = CivilDateRule.monthStart(dates.values[row])
                first = min(first ?? month, month)
                last = max(last ?? month, month)
            }
        }
        guard let first, let last else { return RecordBatch(empty: GoldSchemas.dimDate) }
        return months(from: first, through: last, rules: rules)
    }

    /// Every month from the month of `first` through the month of `last`.
    public static func months(from first: Int32, through last: Int32, rules: SportsBarRules = .standard) -> RecordBatch {
        var starts = FixedColumn<Int32>(), keys = FixedColumn<Int32>(), years = FixedColumn<Int32>()
        var names: [String?] = [], shortNames: [String?] = [], quarters: [String?] = [], yearQuarters: [String?] = []
        var (year, month, _) = CivilDate.civil(first)
        let end = CivilDate.civil(last)
        let shorts = rules.monthShortNames
        while (year, month) <= (end.year, end.month) {
            guard let start = CivilDate.days(year: year, month: month, day: 1) else { break }
            let quarter = "Q\((month - 1) / 3 + 1)"
            starts.append(start)
            keys.append(Int32(year * 100 + month))
            years.append(Int32(year))
            names.append(rules.monthNames[month - 1])
            shortNames.append(shorts[month - 1])
            quarters.append(quarter)
            yearQuarters.append("\(year)-\(quarter)")
            (year, month) = month == 12 ? (year + 1, 1) : (year, month + 1)
        }
        return RecordBatch(schema: GoldSchemas.dimDate, columns: [
            .date(starts), .int32(keys), .int32(years), .text(.of(names)), .text(.of(shortNames)),
            .text(.of(quarters)), .text(.of(yearQuarters)),
        ])
    }
}
