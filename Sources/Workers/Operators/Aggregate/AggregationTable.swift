import Columns

/// In-memory hash aggregation: group keys → dense group numbers, one
/// `AccumulatorState` per aggregate, group key values kept as a batch.
final class AggregationTable {
    private let keyColumns: [Int]
    private let keySchema: Schema
    private let outputSchema: Schema
    /// Hashes only: a probed key is compared in place against its group's key row, so
    /// the key parts below are the only copy of the keys (no encoded-key arena).
    private var table = HashedEntries()
    /// Key values of the groups in group order: per input batch, its rows that made new groups.
    private var keyParts: [RecordBatch] = []
    /// Per group, its key row: part number and row within that part.
    private var groupPart = ContiguousArray<Int32>()
    private var groupRow = ContiguousArray<Int32>()
    private var keyBytes = 0
    private var states: [AccumulatorState]
    /// Keeps `HashedEntries.warm`'s loads alive.
    private var warmth: UInt64 = 0

    init(inputSchema: Schema, keyColumns: [Int], accumulators: [Accumulator], outputSchema: Schema) throws {
        self.keyColumns = keyColumns
        keySchema = Schema(keyColumns.map { inputSchema.fields[$0] })
        self.outputSchema = outputSchema
        states = accumulators.map(AccumulatorState.init)
    }

    var groupCount: Int { table.count }

    /// Rough bytes held, for the budget.
    var estimatedBytes: Int { table.estimatedBytes + keyBytes + table.count * (8 + states.count * 9) }

    func add(_ batch: RecordBatch) throws {
        guard batch.rowCount <= Int(Int32.max) else { throw OperatorError.invalidArgument("aggregate: batch of \(batch.rowCount) rows") }
        let keyBatch = batch.project(indices: keyColumns)
        // Hashed and compared on the full batch: a key projection of no columns has no rows.
        let keyColumns = keyColumns
        let hashes = KeyHash.hashRows(of: batch, keys: keyColumns)
        var groups = ContiguousArray<Int>()
        groups.reserveCapacity(batch.rowCount)
        var newGroupRows = ContiguousArray<Int>()
        let firstNew = table.count
        let part = Int32(keyParts.count)
        // Locals, not stored properties, in the per-row loop: no dynamic exclusivity
        // check per access (see DedupTable.add).
        var table = HashedEntries(capacity: 0), groupPart = ContiguousArray<Int32>(), groupRow = ContiguousArray<Int32>()
        swap(&table, &self.table)
        swap(&groupPart, &self.groupPart)
        swap(&groupRow, &self.groupRow)
        defer {
            swap(&table, &self.table)
            swap(&groupPart, &self.groupPart)
            swap(&groupRow, &self.groupRow)
        }
        let parts = keyParts
        // Key views per part, then this batch's as part `part`: a group made by this batch
        // still points at its row of this batch.
        let width = keyColumns.count
        warmth = hashes.withUnsafeBufferPointer { table.warm($0) }
        let views = parts.flatMap { $0.columns.map(KeyView.init) } + keyColumns.map { KeyView(batch.columns[$0]) }
        let probe = Int(part) * width
        withExtendedLifetime((parts, batch)) {
            views.withUnsafeBufferPointer { views in
                for row in 0 ..< batch.rowCount {
                    let (group, inserted) = table.findOrInsert(hash: hashes[row]) { group in
                        let stored = Int(groupPart[group]) * width, storedRow = Int(groupRow[group])
                        for k in 0 ..< width where !views[probe + k].equal(row, views[stored + k], storedRow) { return false }
                        return true
                    }
                    if inserted {
                        newGroupRows.append(row)
                        groupPart.append(part)
                        groupRow.append(Int32(row))
                    }
                    groups.append(group)
                }
            }
        }
        // Gathered column by column: a per-row append costs a dispatch per value.
        if !newGroupRows.isEmpty {
            let newKeys = newGroupRows.count == batch.rowCount ? keyBatch : try keyBatch.gather(newGroupRows)
            for (position, group) in (firstNew ..< table.count).enumerated() { groupRow[group] = Int32(position) }
            keyParts.append(newKeys)
            keyBytes += newKeys.estimatedBytes
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
        var columns = try RecordBatch.concat(keyParts, schema: keySchema).columns
        keyParts = []
        keyBytes = 0
        columns += states.map { $0.column() }
        return RecordBatch(schema: outputSchema, columns: columns)
    }
}
