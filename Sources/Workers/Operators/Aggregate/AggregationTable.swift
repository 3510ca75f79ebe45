import Columns

/// In-memory hash aggregation: group keys → dense group numbers, one
/// `AccumulatorState` per aggregate, group key values in a `GroupKeyArena`.
final class AggregationTable {
    private let keyColumns: [Int]
    private let keySchema: Schema
    private let outputSchema: Schema
    /// Hashes only: a probed key is compared with its group's record in the key arena.
    private var table = HashedEntries()
    /// The groups' key values, one record per group in group order.
    private var keys = GroupKeyArena()
    private var states: [AccumulatorState]

    init(inputSchema: Schema, keyColumns: [Int], accumulators: [Accumulator], outputSchema: Schema) throws {
        self.keyColumns = keyColumns
        keySchema = Schema(keyColumns.map { inputSchema.fields[$0] })
        self.outputSchema = outputSchema
        states = accumulators.map(AccumulatorState.init)
    }

    var groupCount: Int { table.count }

    /// Rough bytes held, for the budget.
    var estimatedBytes: Int { table.estimatedBytes + keys.estimatedBytes + table.count * states.count * 9 }

    func add(_ batch: RecordBatch) throws {
        guard batch.rowCount <= Int(Int32.max) else { throw OperatorError.invalidArgument("aggregate: batch of \(batch.rowCount) rows") }
        let hashes = KeyHash.hashRows(of: batch, keys: keyColumns)
        var groups = ContiguousArray<Int>()
        groups.reserveCapacity(batch.rowCount)
        // A local, not the stored property, in the per-row loop: no dynamic exclusivity
        // check per access (see DedupTable.add).
        var table = HashedEntries(capacity: 0)
        swap(&table, &self.table)
        defer { swap(&table, &self.table) }
        let arena = keys
        let views = keyColumns.map { KeyView(batch.columns[$0]) }
        withExtendedLifetime(batch) {
            views.withUnsafeBufferPointer { views in
                for row in 0 ..< batch.rowCount {
                    let (group, inserted) = table.findOrInsert(hash: hashes[row]) { arena.equals(group: $0, row: row, of: views) }
                    if inserted { arena.append(row: row, of: views) }
                    groups.append(group)
                }
            }
        }
        for index in states.indices {
            states[index].addGroups(upTo: table.count)
            try states[index].update(batch, groups: groups)
        }
    }

    /// One row per group: key columns then aggregates. With no key columns and no
    /// input, a single row (counts 0, other aggregates NULL), as SQL does.
    func output() throws -> RecordBatch {
        if keyColumns.isEmpty && table.count == 0 {
            for index in states.indices { states[index].addGroups(upTo: 1) }
        }
        var columns = keys.columns(schema: keySchema)
        keys = GroupKeyArena()
        columns += states.map { $0.column() }
        return RecordBatch(schema: outputSchema, columns: columns)
    }
}
