import Columns
import Partition
import Testing
@testable import Workers

@Suite("Row comparator")
struct RowComparatorTests {
    /// OpData's columns plus a double (±0, negatives, NULLs) and a bool column.
    static func batches() -> [RecordBatch] {
        let schema = Schema(OpData.schema.fields + [Field("score", .double), Field("ok", .bool)])
        var random = SplitMix64(seed: 77)
        return OpData.batches(OpShape(rows: 160, keyCardinality: 12, nullRate: 0.2, maxBatchRows: 80), seed: 31).map { batch in
            var score = FixedColumn<UInt64>(), ok = FixedColumn<UInt8>()
            for _ in 0 ..< batch.rowCount {
                let pick = Int.random(in: 0 ..< 6, using: &random)
                if pick == 0 { score.appendNull() } else {
                    let values: [Double] = [-0.0, 0.0, -2.5, 3.25, 1e300]
                    score.append(values[pick - 1].bitPattern)
                }
                if pick == 1 { ok.appendNull() } else { ok.append(UInt8(pick % 2)) }
            }
            return RecordBatch(schema: schema, columns: batch.columns + [.double(score), .bool(ok)])
        }
    }

    static let orderings: [[SortKey]] = [
        [SortKey("customer"), SortKey("seq")],
        [SortKey("store", descending: true), SortKey("customer", nullsFirst: false)],
        [SortKey("amount", nullsFirst: false), SortKey("qty", descending: true, nullsFirst: false), SortKey("day")],
        [SortKey("score"), SortKey("ok", descending: true), SortKey("customer", descending: true)],
    ]

    @Test("orders every pair of rows as the row encoding's bytes do", arguments: orderings)
    func agreesWithEncoder(keys: [SortKey]) throws {
        let batches = Self.batches()
        let schema = batches[0].schema
        let comparator = try RowComparator(schema: schema, keys: keys)
        let encoder = try RowEncoder(schema: schema, keys: keys)
        let encoded = try batches.map { try encoder.encode($0) }
        var orderedPairs = 0
        for (i, a) in batches.enumerated() {
            for (j, b) in batches.enumerated() {
                for ra in 0 ..< a.rowCount {
                    for rb in 0 ..< b.rowCount {
                        let expected = encoded[i].compare(ra, encoded[j], rb).signum()
                        #expect(comparator.compare(a, ra, b, rb).signum() == expected)
                        if expected != 0 { orderedPairs += 1 }
                    }
                }
            }
        }
        #expect(orderedPairs > 0)
    }
}
