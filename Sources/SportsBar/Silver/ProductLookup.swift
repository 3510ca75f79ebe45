import Columns
import Workers

/// The product of each product_id for the joins of §3.3 and §3.4: per §8 the FIRST
/// silver product row of each product_id (two invalid ids both become `999999`; only
/// the first counts). Immutable and Sendable: built once, probed from every task.
public struct ProductLookup: Sendable {
    /// product_id → product_code, one row per product_id.
    public let batch: RecordBatch
    public static let schema = Schema([Field("product_id", .text), Field("product_code", .text)])
    private let codes: [String: String?]

    /// From silver products in their stored (input) order.
    public init(silverProducts: RecordBatch) throws {
        let ids = try silverProducts.text("product_id", in: "silver products")
        let codes = try silverProducts.text("product_code", in: "silver products")
        var firstCode: [String: String?] = [:]
        var keptIds: [String?] = [], keptCodes: [String?] = []
        for row in 0 ..< silverProducts.rowCount {
            // A NULL product_id never matches in a join (§8); silver never has one anyway.
            guard let id = ids.string(row), firstCode[id] == nil else { continue }
            firstCode[id] = .some(codes.string(row))
            keptIds.append(id)
            keptCodes.append(codes.string(row))
        }
        self.codes = firstCode
        batch = RecordBatch(schema: Self.schema, columns: [.text(.of(keptIds)), .text(.of(keptCodes))])
    }

    public var count: Int { codes.count }

    /// The product_code of `productId`: nil when there is no such product, `.some(nil)`
    /// when the product has no code (its name was NULL).
    public func code(for productId: String?) -> String?? {
        guard let productId else { return nil }
        return codes[productId]
    }

    /// A join that adds `product_code` to probe batches of `probeSchema` on `product_id`.
    func join(probeSchema: Schema) throws -> BroadcastHashJoin {
        try BroadcastHashJoin(buildSchema: Self.schema, buildBatches: [batch], buildKeys: ["product_id"],
                              probeSchema: probeSchema, probeKeys: ["product_id"], type: .inner,
                              buildColumns: ["product_code"])
    }
}
