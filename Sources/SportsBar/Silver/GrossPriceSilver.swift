import Columns

/// §3.3: silver gross prices from all bronze gross_price rows and the silver products.
public enum GrossPriceSilver {
    public static let schema = Schema([
        Field("product_code", .text), Field("product_id", .text), Field("month", .date),
        Field("gross_price", MoneyRule.type),
    ])

    public static func build(bronze: [RecordBatch], products: ProductLookup,
                             rules: SportsBarRules = .standard) throws -> SilverOutput {
        let input = try OrderedBronze(.grossPrice, bronze)
        let ids = try input.text("product_id"), months = try input.text("month"), prices = try input.text("gross_price")
        let parser = DateParser.grossPriceMonth(rules)
        var rejected: [(row: Int, reason: QuarantineReason)] = []
        var outCodes: [String?] = [], outIds: [String?] = []
        var outMonths = FixedColumn<Int32>(), outPrices = FixedColumn<Int64>()
        for row in input.order {
            // Step 1.
            guard !months.isNull(row), let month = months.withValue(row, { parser.parse($0) }) else {
                rejected.append((row, .unparseableDate))
                continue
            }
            // Step 2.
            let price = prices.isNull(row) ? 0 : prices.withValue(row) { MoneyRule.grossPrice($0) }
            // Step 3: inner join on product_id.
            let id = ids.string(row)
            guard let code = products.code(for: id) else {
                rejected.append((row, .unknownProduct))
                continue
            }
            outCodes.append(code)
            outIds.append(id)
            outMonths.append(month)
            outPrices.append(price)
        }
        let rows = RecordBatch(schema: schema, columns: [
            .text(.of(outCodes)), .text(.of(outIds)), .date(outMonths), .decimal(outPrices),
        ])
        let (quarantine, counts) = try input.quarantine(rejected)
        return SilverOutput(rows: rows, quarantine: quarantine, counts: counts, rowsRead: input.batch.rowCount)
    }
}
