import Columns

/// The hashed build (small) side of a hash join: all build rows in one batch and a
/// table from key to the chain of rows with that key. Keys are hashed column by column
/// where they lie (`KeyHash`) and compared in place, never encoded or copied.
///
/// Immutable and Sendable: built once, probed from many tasks at the same time
/// (broadcast join). Rows with a NULL key are kept out of the table: they never match.
public struct JoinBuildSide: Sendable {
    public let batch: RecordBatch
    public let keys: [String]
    /// Positions of `keys` in `batch`.
    let keyColumns: [Int]
    let table: HashedEntries
    /// First build row of each table entry; rows of one key are chained through `nextRow`.
    let firstRow: ContiguousArray<Int>
    /// Next build row with the same key, or -1.
    let nextRow: ContiguousArray<Int>

    public init(schema: Schema, batches: [RecordBatch], keys: [String]) throws {
        guard !keys.isEmpty else { throw OperatorError.invalidArgument("join needs at least one key column") }
        let all = try RecordBatch.concat(batches, schema: schema)
        let keyColumns = try schema.indices(of: keys)
        let hashes = KeyHash.hashRows(of: all, keys: keyColumns)
        let nullKeys = all.nullKeyMask(keys: keyColumns)
        var table = HashedEntries(capacity: all.rowCount)
        var first = ContiguousArray<Int>()
        var next = ContiguousArray<Int>(repeating: -1, count: all.rowCount)
        // Insert in reverse so each chain lists its rows in build order.
        for row in stride(from: all.rowCount - 1, through: 0, by: -1) where nullKeys?[row] != true {
            let (entry, inserted) = table.findOrInsert(hash: hashes[row]) { entry in
                all.keysEqual(row: first[entry], keys: keyColumns, all, row: row, keys: keyColumns)
            }
            if inserted {
                first.append(row)
            } else {
                next[row] = first[entry]
                first[entry] = row
            }
        }
        batch = all
        self.keys = keys
        self.keyColumns = keyColumns
        self.table = table
        firstRow = first
        nextRow = next
    }

    public var rowCount: Int { batch.rowCount }
    public var distinctKeys: Int { table.count }

    public var estimatedBytes: Int {
        batch.estimatedBytes + table.estimatedBytes + 8 * (firstRow.count + nextRow.count)
    }

    /// The first build row whose key equals row `row`'s of `probe` (keys at `probeKeys`,
    /// hashing to `hash`), or -1.
    @inline(__always)
    func firstMatch(_ probe: RecordBatch, row: Int, keys probeKeys: [Int], hash: UInt64) -> Int {
        guard let entry = table.find(hash: hash, matches: { entry in
            probe.keysEqual(row: row, keys: probeKeys, batch, row: firstRow[entry], keys: keyColumns)
        }) else { return -1 }
        return firstRow[entry]
    }

    /// Fails unless `probeKeys` of `probeSchema` have the build keys' types, pairwise.
    func checkCompatible(probeSchema: Schema, probeKeys: [Int]) throws(OperatorError) {
        guard probeKeys.count == keyColumns.count else {
            throw .invalidArgument("join keys: \(probeKeys.count) key column(s) on one side, \(keyColumns.count) on the other")
        }
        for (probe, build) in zip(probeKeys, keyColumns) {
            let left = probeSchema.fields[probe], right = batch.schema.fields[build]
            if left.type != right.type { throw .keyTypeMismatch(context: "join keys", left: left, right: right) }
        }
    }
}
