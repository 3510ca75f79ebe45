import Columns
import Partition

/// §3.2: silver products from all bronze product rows.
public enum ProductsSilver {
    public static let schema = Schema([
        Field("product_code", .text), Field("product_id", .text), Field("division", .text),
        Field("category", .text), Field("product", .text), Field("variant", .text),
    ])

    public static func build(bronze: [RecordBatch], rules: SportsBarRules = .standard) throws -> SilverOutput {
        let input = try OrderedBronze(.products, bronze)
        let names = try input.text("product_name"), ids = try input.text("product_id"), categories = try input.text("category")
        var seen = Set<String?>()
        var rejected: [(row: Int, reason: QuarantineReason)] = []
        var out: [[String?]] = Array(repeating: [], count: schema.count)
        for row in input.order {
            // Step 1: first row of each product_id, as text.
            let rawId = ids.string(row)
            guard seen.insert(rawId).inserted else {
                rejected.append((row, .duplicate))
                continue
            }
            let product = Product(name: names.string(row), id: rawId, category: categories.string(row), rules: rules)
            for (index, value) in product.silverValues.enumerated() { out[index].append(value) }
        }
        let rows = RecordBatch(schema: schema, columns: out.map { .text(.of($0)) })
        let (quarantine, counts) = try input.quarantine(rejected)
        return SilverOutput(rows: rows, quarantine: quarantine, counts: counts, rowsRead: input.batch.rowCount)
    }

    /// One product row after steps 2–6.
    public struct Product: Sendable, Equatable {
        public var code: String?
        public var id: String
        public var division: String
        public var category: String?
        public var name: String?
        public var variant: String?

        public init(name rawName: String?, id rawId: String?, category rawCategory: String?,
                    rules: SportsBarRules = .standard) {
            // Step 2: initcap first, so `protien bars` → `Protien Bars` → `Protein Bars`.
            category = rawCategory.map { TextRules.fixSpelling(TextRules.initcap($0), rules.spellingFixes) }
            name = rawName.map { TextRules.fixSpelling($0, rules.spellingFixes) }
            // Step 3.
            division = category.flatMap { rules.divisionByCategory[$0] } ?? rules.otherDivision
            // Step 4.
            variant = TextRules.variant(of: name)
            // Step 5: no name, no code.
            code = name.map(SHA256Hex.of)
            // Step 6: a NULL id is not all digits either.
            id = rawId.flatMap { TextRules.isAllDigits($0) ? $0 : nil } ?? rules.invalidIdReplacement
        }

        /// Values in the order of `ProductsSilver.schema`.
        var silverValues: [String?] { [code, id, division, category, name, variant] }
    }
}
