import Columns

/// Group-by aggregation with a hash table.
///
/// Partial results have exactly the output schema (key columns, then one column per
/// aggregate), so partials are merged by aggregating them again: counts are summed,
/// sums summed, minima and maxima taken again. `HashAggregator.merging(_:)` makes that
/// merge stage, for plans that aggregate per task, shuffle partials and merge per partition.
///
/// When the budget refuses more groups, the current groups are emitted as a partial
/// batch into a key-partitioned shuffle (spilling to disk) and the table starts over;
/// `finish` then merges each partition's partials on its own.
///
/// Single owner; run one instance per task or partition.
public final class HashAggregator {
    public let inputSchema: Schema
    public let outputSchema: Schema
    public let groupBy: [String]
    public let aggregates: [AggregateExpression]
    private let keyColumns: [Int]
    private let accumulators: [Accumulator]
    private let reservation: MemoryReservation
    private let spillDirectory: SpillDirectory?
    private let spillPartitions: Int
    private var table: AggregationTable?
    private var shuffle: ShuffleWriter?

    public convenience init(inputSchema: Schema, groupBy: [String], aggregates: [AggregateExpression],
                            budget: MemoryBudget = .unlimited(), spillDirectory: SpillDirectory? = nil,
                            spillPartitions: Int = 16) throws {
        let keyColumns = try inputSchema.indices(of: groupBy)
        let accumulators = try aggregates.map { try Accumulator.resolve($0, in: inputSchema) }
        try self.init(inputSchema: inputSchema, groupBy: groupBy, aggregates: aggregates, keyColumns: keyColumns,
                      accumulators: accumulators, budget: budget, spillDirectory: spillDirectory,
                      spillPartitions: spillPartitions)
    }

    private init(inputSchema: Schema, groupBy: [String], aggregates: [AggregateExpression], keyColumns: [Int],
                 accumulators: [Accumulator], budget: MemoryBudget, spillDirectory: SpillDirectory?,
                 spillPartitions: Int) throws {
        let outputFields = keyColumns.map { inputSchema.fields[$0] } + accumulators.map(\.output)
        guard Set(outputFields.map(\.name)).count == outputFields.count else {
            throw OperatorError.invalidArgument("aggregate output names clash: \(outputFields.map(\.name))")
        }
        self.inputSchema = inputSchema
        outputSchema = Schema(outputFields)
        self.groupBy = groupBy
        self.aggregates = aggregates
        self.keyColumns = keyColumns
        self.accumulators = accumulators
        reservation = MemoryReservation(budget: budget)
        self.spillDirectory = spillDirectory
        self.spillPartitions = max(1, spillPartitions)
        table = try AggregationTable(inputSchema: inputSchema, keyColumns: keyColumns,
                                     accumulators: accumulators, outputSchema: outputSchema)
    }

    /// An aggregator whose input is partial results of `partial` (its output schema)
    /// and whose output is the same schema, merged.
    public static func merging(_ partial: HashAggregator, budget: MemoryBudget = .unlimited(),
                               spillDirectory: SpillDirectory? = nil) throws -> HashAggregator {
        try partial.makeMerger(budget: budget, spillDirectory: spillDirectory)
    }

    private func makeMerger(budget: MemoryBudget, spillDirectory: SpillDirectory?) throws -> HashAggregator {
        let keyCount = keyColumns.count
        return try HashAggregator(inputSchema: outputSchema, groupBy: groupBy, aggregates: aggregates,
                                  keyColumns: Array(0 ..< keyCount),
                                  accumulators: accumulators.enumerated().map { $1.merging(column: keyCount + $0) },
                                  budget: budget, spillDirectory: spillDirectory, spillPartitions: spillPartitions)
    }

    public func add(_ batch: RecordBatch) throws {
        guard batch.schema == inputSchema else {
            throw OperatorError.schemaMismatch(context: "aggregate input", expected: inputSchema, found: batch.schema)
        }
        guard let table else { throw OperatorError.invalidArgument("aggregate: add after finish") }
        try table.add(batch)
        let growth = table.estimatedBytes - reservation.bytes
        guard growth > 0, !reservation.tryGrow(growth) else { return }
        guard let spillDirectory, !keyColumns.isEmpty else {
            reservation.forceGrow(growth)
            return
        }
        try spillPartials(of: table, to: spillDirectory)
    }

    /// Emits the current groups as partials into the shuffle and starts a fresh table.
    private func spillPartials(of full: AggregationTable, to directory: SpillDirectory) throws {
        let writer = try shuffle ?? ShuffleWriter(schema: outputSchema, keys: groupBy, partitions: spillPartitions,
                                                  budget: reservation.budget, spillDirectory: directory, label: "aggregate",
                                                  seed: HashPartitioner.spillSeed)
        shuffle = writer
        let partial = try full.output()
        table = nil
        reservation.releaseAll()
        try writer.write(partial)
        table = try AggregationTable(inputSchema: inputSchema, keyColumns: keyColumns,
                                     accumulators: accumulators, outputSchema: outputSchema)
    }

    /// Whether partial results went through spill files.
    public var spilled: Bool { shuffle != nil || spilledBytes > 0 }
    /// Compressed bytes this aggregator spilled (final once `finish` returned).
    public private(set) var spilledBytes = 0

    /// The aggregated groups (in no particular order).
    public func finish() throws -> [RecordBatch] {
        defer { reservation.releaseAll() }
        guard let table else { throw OperatorError.invalidArgument("aggregate: finish called twice") }
        self.table = nil
        guard let shuffle else { return [try table.output()] }
        self.shuffle = nil
        try shuffle.write(table.output())
        spilledBytes = shuffle.spilledBytes
        let output = shuffle.finish()
        let merger = try makeMerger(budget: reservation.budget, spillDirectory: nil)
        var results: [RecordBatch] = []
        for partition in 0 ..< output.partitionCount {
            let reader = try output.takePartition(partition)
            let partitionTable = try AggregationTable(inputSchema: outputSchema, keyColumns: merger.keyColumns,
                                                      accumulators: merger.accumulators, outputSchema: outputSchema)
            // One partition is merged whole; it is charged even past the limit.
            let partitionReservation = MemoryReservation(budget: reservation.budget)
            while let batch = try reader.next() {
                try partitionTable.add(batch)
                partitionReservation.forceGrow(partitionTable.estimatedBytes - partitionReservation.bytes)
            }
            if partitionTable.groupCount > 0 { results.append(try partitionTable.output()) }
        }
        return results
    }
}
