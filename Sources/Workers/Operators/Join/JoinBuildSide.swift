import Columns

/// The hashed build (small) side of a hash join: all build rows in one batch and a
/// table from encoded key to the chain of rows with that key.
///
/// Immutable and Sendable: built once, probed from many tasks at the same time
/// (broadcast join). Rows with a NULL key are kept out of the table: they never match.
public struct JoinBuildSide: Sendable {
    public let batch: RecordBatch
    public let keys: [String]
    let encoder: RowEncoder
    let table: KeyHashTable
    /// First build row of each table entry; rows of one key are chained through `nextRow`.
    let firstRow: ContiguousArray<Int>
    /// Next build row with the same key, or -1.
    let nextRow: ContiguousArray<Int>
    /// With one key column: the rows indexed by raw key values (probes skip the encoder).
    let singleKey: SingleKeyIndex?

    public init(schema: Schema, batches: [RecordBatch], keys: [String]) throws {
        guard !keys.isEmpty else { throw OperatorError.invalidArgument("join needs at least one key column") }
        let all = try RecordBatch.concat(batches, schema: schema)
        let encoder = try RowEncoder(schema: schema, columns: keys)
        let encoded = try encoder.encode(all)
        let nullKeys = all.nullKeyMask(keys: encoder.columns)
        var table = KeyHashTable(capacity: all.rowCount)
        var first = ContiguousArray<Int>()
        var next = ContiguousArray<Int>(repeating: -1, count: all.rowCount)
        // Insert in reverse so each chain lists its rows in build order.
        for row in stride(from: all.rowCount - 1, through: 0, by: -1) where nullKeys?[row] != true {
            let hash = encoded.hash(row)
            let (entry, inserted) = encoded.withRow(row) { table.findOrInsert($0, hash: hash) }
            if inserted {
                first.append(row)
            } else {
                next[row] = first[entry]
                first[entry] = row
            }
        }
        var singleNext = ContiguousArray<Int>(repeating: -1, count: all.rowCount)
        singleKey = SingleKeyIndex(all, keys: encoder.columns, nextRow: &singleNext)
        if singleKey != nil { next = singleNext }
        batch = all
        self.keys = keys
        self.encoder = encoder
        self.table = table
        firstRow = first
        nextRow = next
    }

    public var rowCount: Int { batch.rowCount }
    public var distinctKeys: Int { table.count }

    public var estimatedBytes: Int {
        batch.estimatedBytes + table.estimatedBytes + 8 * (firstRow.count + nextRow.count)
    }
}
