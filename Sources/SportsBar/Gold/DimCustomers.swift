import Columns

/// §4 dim_customers: parent rows ∪ child rows, key customer_code, child rows overwrite.
public enum DimCustomers {
    /// `parent`: typed parent dim_customers (`ParentTable.dimCustomers.typedSchema`);
    /// `child`: silver customers in input order.
    public static func build(parent: RecordBatch, child: RecordBatch,
                             rules: SportsBarRules = .standard) throws -> RecordBatch {
        var candidates = KeyedUnion.Candidates(schema: GoldSchemas.dimCustomers)
        try candidates.add(childRows(child, rules: rules), table: "gold dim_customers (child)")
        try candidates.add(parent, rows: KeyedUnion.latestFirst(parent, table: "parent dim_customers"),
                           table: "parent dim_customers")
        return try KeyedUnion.resolve(candidates, keys: ["customer_code"])
    }

    /// Child customers in AtliQon's form.
    public static func childRows(_ silver: RecordBatch, rules: SportsBarRules = .standard) throws -> RecordBatch {
        let ids = try silver.text("customer_id", in: "silver customers")
        let names = try silver.text("customer_name", in: "silver customers")
        let cities = try silver.text("city", in: "silver customers")
        var customers: [String?] = []
        for row in 0 ..< silver.rowCount {
            customers.append(customerName(names.string(row), city: cities.string(row), rules: rules))
        }
        let rows = silver.rowCount
        return RecordBatch(schema: GoldSchemas.dimCustomers, columns: [
            .text(ids), .text(.of(customers)), .text(.repeating(rules.childMarket, count: rows)),
            .text(.repeating(rules.childPlatform, count: rows)), .text(.repeating(rules.childChannel, count: rows)),
        ])
    }

    /// `name-city` (`Unknown` for a NULL city); just the city part when the name is NULL (§8).
    public static func customerName(_ name: String?, city: String?, rules: SportsBarRules = .standard) -> String {
        let place = city ?? rules.unknownCity
        guard let name else { return place }
        return name + "-" + place
    }
}
