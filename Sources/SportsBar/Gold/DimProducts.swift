import Columns

/// §4 dim_products: parent ∪ child, key product_code, child rows overwrite.
public enum DimProducts {
    /// `parent`: typed parent dim_products; `child`: silver products in input order.
    public static func build(parent: RecordBatch, child: RecordBatch) throws -> RecordBatch {
        var candidates = KeyedUnion.Candidates(schema: GoldSchemas.dimProducts)
        try candidates.add(child, table: "silver products")
        try candidates.add(parent, rows: KeyedUnion.latestFirst(parent, table: "parent dim_products"),
                           table: "parent dim_products")
        return try KeyedUnion.resolve(candidates, keys: ["product_code"])
    }
}
