import Columns

/// Rows sorted in memory: the held batches concatenated and their order found from
/// packed integer keys where they fit, else by comparing encoded keys.
/// Stable: equal keys keep arrival order.
struct SortedRun {
    let batch: RecordBatch
    let order: ContiguousArray<Int>

    init(batches: [RecordBatch], schema: Schema, encoder: RowEncoder) throws {
        let all = try RecordBatch.concat(batches, schema: schema)
        batch = all
        order = try PackedSortKeys.order(of: all, encoder: encoder) ?? Self.encodedOrder(of: all, encoder: encoder)
    }

    /// The order by comparing encoded keys (8-byte prefixes first), for keys that do not pack.
    static func encodedOrder(of all: RecordBatch, encoder: RowEncoder) throws -> ContiguousArray<Int> {
        let encoded = try encoder.encode(all)
        var order = ContiguousArray(0 ..< all.rowCount)
        let prefixes = ContiguousArray((0 ..< all.rowCount).lazy.map { encoded.prefix($0) })
        encoded.bytes.withUnsafeBytes { bytes in
            encoded.offsets.withUnsafeBufferPointer { offsets in
                prefixes.withUnsafeBufferPointer { prefixes in
                    order.sort { a, b in
                        if prefixes[a] != prefixes[b] { return prefixes[a] < prefixes[b] }
                        let byKey = EncodedRows.compare(UnsafeRawBufferPointer(rebasing: bytes[offsets[a] ..< offsets[a + 1]]),
                                                        UnsafeRawBufferPointer(rebasing: bytes[offsets[b] ..< offsets[b + 1]]))
                        return byKey != 0 ? byKey < 0 : a < b
                    }
                }
            }
        }
        return order
    }

    /// The sorted rows in batches of at most `rows` rows.
    func chunks(of rows: Int) throws -> [RecordBatch] {
        var result: [RecordBatch] = []
        var start = 0
        while start < order.count {
            let end = min(order.count, start + rows)
            result.append(try batch.gather(order[start ..< end]))
            start = end
        }
        return result
    }
}

extension EncodedRows {
    /// The first 8 bytes of a row, big-endian and zero-padded: comparing prefixes as
    /// integers agrees with comparing the bytes whenever the prefixes differ.
    func prefix(_ row: Int) -> UInt64 {
        withRow(row) { bytes in
            var value: UInt64 = 0
            for i in 0 ..< 8 { value = value << 8 | UInt64(i < bytes.count ? bytes[i] : 0) }
            return value
        }
    }
}
