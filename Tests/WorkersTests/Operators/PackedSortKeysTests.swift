import Columns
import Partition
import Testing
@testable import Workers

/// Packed integer sort keys must order rows exactly as the encoded keys do (ties in
/// arrival order), and decline keys that do not fit in 64 bits.
@Suite("Packed sort keys")
struct PackedSortKeysTests {
    static let orderings: [[SortKey]] = [
        [SortKey("customer")],
        [SortKey("customer", descending: true, nullsFirst: false)],
        [SortKey("day"), SortKey("customer"), SortKey("store", descending: true)],
        [SortKey("qty", nullsFirst: false), SortKey("amount", descending: true)],
        [SortKey("store"), SortKey("day", descending: true, nullsFirst: false), SortKey("qty")],
        [SortKey("seq", descending: true)],
    ]

    @Test("orders rows as the encoded keys do", arguments: OpShape.all)
    func matchesEncodedOrder(shape: OpShape) throws {
        let batch = try RecordBatch.concat(OpData.batches(shape, seed: 77), schema: OpData.schema)
        for keys in Self.orderings {
            let encoder = try RowEncoder(schema: OpData.schema, keys: keys)
            let packed = try #require(PackedSortKeys.order(of: batch, encoder: encoder), "keys \(keys) should pack")
            #expect(packed == (try SortedRun.encodedOrder(of: batch, encoder: encoder)), "keys \(keys)")
        }
    }

    @Test("empty text that is not NULL sorts before every other value, after NULL")
    func emptyTextIsAValue() throws {
        var text = ByteColumn()
        text.materializeNulls()
        for value in ["b", "", nil, "a", "", nil] as [String?] { text.append(string: value) }
        let schema = Schema([Field("t", .text)])
        let batch = RecordBatch(schema: schema, columns: [.text(text)])
        let encoder = try RowEncoder(schema: schema, keys: [SortKey("t")])
        let packed = try #require(PackedSortKeys.order(of: batch, encoder: encoder))
        #expect(Array(packed) == [2, 5, 1, 4, 3, 0])
        #expect(packed == (try SortedRun.encodedOrder(of: batch, encoder: encoder)))
    }

    @Test("keys wider than 64 bits fall back to encoded keys, with the same sort")
    func wideKeysFallBack() throws {
        let values: [Int64] = [.max, .min, 0, -1, .max, 1]
        let schema = Schema([Field("v", .int64), Field("w", .int64)])
        let batch = RecordBatch(schema: schema, columns: [.int64(FixedColumn(values: ContiguousArray(values))),
                                                          .int64(FixedColumn(values: [5, 4, 3, 2, 1, 0]))])
        let wide = try RowEncoder(schema: schema, keys: [SortKey("v")])
        #expect(PackedSortKeys.order(of: batch, encoder: wide) == nil)
        let sorted = try ExternalSorter(schema: schema, keys: [SortKey("v")]).sortedRows(batch)
        #expect(sorted == [1, 3, 2, 5, 0, 4])
        // Two columns whose ranges fit alone but not together also decline.
        let wideSecond = RecordBatch(schema: schema, columns: [
            .int64(FixedColumn(values: [0, 1 << 40, 5, 7, 1, 2])), .int64(FixedColumn(values: [0, 1 << 40, 3, 3, 3, 3])),
        ])
        let both = try RowEncoder(schema: schema, keys: [SortKey("v"), SortKey("w")])
        #expect(PackedSortKeys.order(of: wideSecond, encoder: both) == nil)
    }

    @Test("radix sort sorts any 64-bit values")
    func radixSort() {
        var random = SplitMix64(seed: 9)
        var values = ContiguousArray((0 ..< 5000).map { _ in UInt64.random(in: 0 ... .max, using: &random) })
        let expected = values.sorted()
        RadixSort.sort(&values, significantBits: 64)
        #expect(Array(values) == expected)
    }
}

extension ExternalSorter {
    /// The sorted row positions of one batch that carries its positions in column `w`.
    fileprivate func sortedRows(_ batch: RecordBatch) throws -> [Int64] {
        try add(batch)
        return try finishAll().flatMap { b -> [Int64] in
            guard case let .int64(w) = b.columns[1] else { return [] }
            return w.values.map { 5 - $0 }
        }
    }
}
