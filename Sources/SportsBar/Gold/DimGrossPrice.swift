import Columns

/// §4 dim_gross_price: parent ∪ child yearly prices, key (product_code, year).
public enum DimGrossPrice {
    /// `parent`: typed parent dim_gross_price; `childSilver`: silver gross_price in input order.
    public static func build(parent: RecordBatch, childSilver: RecordBatch) throws -> RecordBatch {
        var candidates = KeyedUnion.Candidates(schema: GoldSchemas.dimGrossPrice)
        try candidates.add(childYearly(childSilver), table: "child yearly prices")
        try candidates.add(parent, rows: KeyedUnion.latestFirst(parent, table: "parent dim_gross_price"),
                           table: "parent dim_gross_price")
        return try KeyedUnion.resolve(candidates, keys: ["product_code", "year"])
    }

    /// One price per (product_code, year of month): the row with a non-zero price first,
    /// then the latest month, then the first row in input order (§4, §8).
    public static func childYearly(_ silver: RecordBatch) throws -> RecordBatch {
        let table = "silver gross_price"
        let codes = try silver.text("product_code", in: table)
        let months = try silver.date("month", in: table)
        let prices = try silver.money("gross_price", in: table)
        struct Key: Hashable { let code: String?, year: Int }
        var best: [Key: Int] = [:]
        var keyOrder: [Key] = []
        func beats(_ a: Int, _ b: Int) -> Bool {
            let (aNonZero, bNonZero) = (prices.values[a] != 0, prices.values[b] != 0)
            if aNonZero != bNonZero { return aNonZero }
            if months.values[a] != months.values[b] { return months.values[a] > months.values[b] }
            return a < b
        }
        for row in 0 ..< silver.rowCount where !months.isNull(row) {
            let key = Key(code: codes.string(row), year: CivilDateRule.year(months.values[row]))
            if let current = best[key] {
                if beats(row, current) { best[key] = row }
            } else {
                best[key] = row
                keyOrder.append(key)
            }
        }
        var outCodes: [String?] = [], outPrices = FixedColumn<Int64>(), outYears = FixedColumn<Int32>()
        for key in keyOrder {
            guard let row = best[key] else { continue }
            outCodes.append(key.code)
            outPrices.append(prices.value(row))
            outYears.append(Int32(key.year))
        }
        return RecordBatch(schema: GoldSchemas.dimGrossPrice,
                           columns: [.text(.of(outCodes)), .decimal(outPrices), .int32(outYears)])
    }
}
