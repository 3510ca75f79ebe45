import Partition

/// In-memory hash aggregation: group keys → dense group numbers, one
/// `AccumulatorState` per aggregate, group key values kept as a batch.
final class AggregationTable {
    private let keyColumns: [Int]
    private let keySchema: Schema
    private let encoder: RowEncoder
    private let outputSchema: Schema
    private var table = KeyHashTable()
    /// Key values of the groups in group order: per input batch, its rows that made new groups.
    private var keyParts: [RecordBatch] = []
    private var states: [AccumulatorState]

    init(inputSchema: Schema, keyColumns: [Int], accumulators: [Accumulator], outputSchema: Schema) throws {
        self.keyColumns = keyColumns
        keySchema = Schema(keyColumns.map { inputSchema.fields[$0] })
        // Encoding the full batch (not the key projection) keeps the row count when there are no keys.
        encoder = RowEncoder(schema: inputSchema, indices: keyColumns)
        self.outputSchema = outputSchema
        states = accumulators.map(AccumulatorState.init)
    }

    var groupCount: Int { table.count }

    /// Rough bytes held, for the budget.
    var estimatedBytes: Int { 2 * table.estimatedBytes + table.count * states.count * 9 }

    func add(_ batch: RecordBatch) throws {
        let keyBatch = batch.project(indices: keyColumns)
        let encoded = try encoder.encode(batch)
        var groups = ContiguousArray<Int>()
        groups.reserveCapacity(batch.rowCount)
        var newGroupRows = ContiguousArray<Int>()
        // A local table: no dynamic exclusivity check per row (see DedupTable.add).
        var table = KeyHashTable(capacity: 0)
        swap(&table, &self.table)
        defer { swap(&table, &self.table) }
        for row in 0 ..< batch.rowCount {
            let hash = encoded.hash(row)
            let (group, inserted) = encoded.withRow(row) { table.findOrInsert($0, hash: hash) }
            if inserted { newGroupRows.append(row) }
            groups.append(group)
        }
        // Gathered column by column: a per-row append costs a dispatch per value.
        if !newGroupRows.isEmpty {
            keyParts.append(newGroupRows.count == batch.rowCount ? keyBatch : try keyBatch.gather(newGroupRows))
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
        columns += states.map { $0.column() }
        return RecordBatch(schema: outputSchema, columns: columns)
    }
}
