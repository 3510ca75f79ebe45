import Columns

/// §3.1: silver customers from all bronze customer rows (the child dims are rebuilt
/// whole whenever a new file arrives, §8).
public enum CustomersSilver {
    public static let schema = Schema([
        Field("customer_id", .text), Field("customer_name", .text), Field("city", .text),
    ])

    public static func build(bronze: [RecordBatch], rules: SportsBarRules = .standard) throws -> SilverOutput {
        let input = try OrderedBronze(.customers, bronze)
        let ids = try input.text("customer_id"), names = try input.text("customer_name"), cities = try input.text("city")
        var seen = Set<String?>()
        var rejected: [(row: Int, reason: QuarantineReason)] = []
        var outIds: [String?] = [], outNames: [String?] = [], outCities: [String?] = []
        for row in input.order {
            // Step 1: the first row of each customer_id (NULLs are one key, as in DISTINCT).
            let id = ids.string(row)
            guard seen.insert(id).inserted else {
                rejected.append((row, .duplicate))
                continue
            }
            outIds.append(id)
            // Step 2.
            outNames.append(names.string(row).map { TextRules.initcap(TextRules.trim($0)) })
            // Step 3.
            outCities.append(city(cities.string(row), customerId: id, rules: rules))
        }
        let rows = RecordBatch(schema: schema, columns: [.text(.of(outIds)), .text(.of(outNames)), .text(.of(outCities))])
        let (quarantine, counts) = try input.quarantine(rejected)
        return SilverOutput(rows: rows, quarantine: quarantine, counts: counts, rowsRead: input.batch.rowCount)
    }

    /// §3.1 step 3: typo map, then allowed set, then the confirmed fix of a NULL city.
    public static func city(_ raw: String?, customerId: String?, rules: SportsBarRules = .standard) -> String? {
        var city = raw.map { rules.cityTypos[$0] ?? $0 }
        if let known = city, !rules.allowedCities.contains(known) { city = nil }
        if city == nil, let customerId { city = rules.confirmedCityFixes[customerId] }
        return city
    }
}
