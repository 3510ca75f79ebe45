import Columns

/// The build side of a join on one key column, indexed by the raw key values: a probe
/// hashes its key column in one pass and compares values in place, where encoding every
/// probe row's key into a row buffer first (`RowEncoder`) copied each key (a 64-character
/// code: most of a join's time) and faulted in fresh pages per batch.
struct SingleKeyIndex: Sendable {
    private let table: HashedEntries
    /// Build row of each entry (the first of its chain in `JoinBuildSide.nextRow`).
    let firstRow: ContiguousArray<Int>
    private let key: Int
    private let type: ColumnType

    /// nil unless there is exactly one key column.
    init?(_ batch: RecordBatch, keys: [Int], nextRow: inout ContiguousArray<Int>) {
        // Doubles stay with the encoder, which may normalise values (-0.0, NaN) that raw
        // bit patterns would tell apart.
        guard keys.count == 1, batch.schema.fields[keys[0]].type != .double else { return nil }
        key = keys[0]
        type = batch.schema.fields[key].type
        let column = batch.columns[key]
        let hashes = KeyHash.hashRows(of: batch, keys: keys)
        let nulls = batch.nullKeyMask(keys: keys)
        var table = HashedEntries(capacity: batch.rowCount)
        var first = ContiguousArray<Int>()
        let view = KeyView(column)
        withExtendedLifetime(column) {
            // In reverse so each chain lists its rows in build order.
            for row in stride(from: batch.rowCount - 1, through: 0, by: -1) where nulls?[row] != true {
                let (entry, inserted) = table.findOrInsert(hash: hashes[row]) { view.equal(row, view, first[$0]) }
                if inserted {
                    first.append(row)
                } else {
                    nextRow[row] = first[entry]
                    first[entry] = row
                }
            }
        }
        self.table = table
        firstRow = first
        self.batch = batch
    }

    /// The build batch, kept alive for the views made of it.
    private let batch: RecordBatch

    /// Whether `probe`'s key column can be looked up here (the same kind of values).
    func accepts(_ probe: RecordBatch, key probeKey: Int) -> Bool { probe.schema.fields[probeKey].type == type }

    /// Per probe row, its first matching build row or -1 (NULL keys never match).
    func firstMatches(_ probe: RecordBatch, key probeKey: Int) -> ContiguousArray<Int> {
        let hashes = KeyHash.hashRows(of: probe, keys: [probeKey])
        let nulls = probe.nullKeyMask(keys: [probeKey])
        var matches = ContiguousArray<Int>(repeating: -1, count: probe.rowCount)
        let probeView = KeyView(probe.columns[probeKey]), buildView = KeyView(batch.columns[key])
        withExtendedLifetime((probe, batch)) {
            for row in 0 ..< probe.rowCount where nulls?[row] != true {
                if let entry = table.find(hash: hashes[row], matches: { probeView.equal(row, buildView, firstRow[$0]) }) {
                    matches[row] = firstRow[entry]
                }
            }
        }
        return matches
    }
}
