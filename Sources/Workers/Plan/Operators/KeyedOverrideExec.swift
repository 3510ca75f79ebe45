import Columns

/// Every row of `preferred`, plus the rows of `fallback` whose key no `preferred` row has
/// (per key the first of them by `fallbackOrder`), partition by partition: a keyed union in
/// which one side overrides the other, as gold's child rows override parent rows.
///
/// `preferred` must already be distinct by key within each partition (e.g. a final hash
/// aggregate on those keys) and both inputs partitioned alike on some of the keys (the same
/// `OutputPartitioning`, e.g. `RepartitionExec`s with the same columns and count). Unlike a `DedupExec` over their union,
/// the preferred side streams through untouched: only the fallback side, meant to be the
/// small one, is held (deduplicated, in a hash table the preferred rows probe), and its
/// survivors follow once the preferred side is done.
public final class KeyedOverrideExec: ExecutionPlan {
    public let name = "KeyedOverrideExec"
    public let preferred: any ExecutionPlan
    public let fallback: any ExecutionPlan
    public let keys: [String]
    public let fallbackOrder: [SortKey]
    public let metrics = OperatorMetrics()
    private let keyColumns: [Int]

    public init(preferred: any ExecutionPlan, fallback: any ExecutionPlan, keys: [String],
                fallbackOrder: [SortKey]) throws {
        guard preferred.schema == fallback.schema else {
            throw OperatorError.schemaMismatch(context: "keyed override inputs", expected: preferred.schema,
                                               found: fallback.schema)
        }
        guard preferred.partitionCount == fallback.partitionCount else {
            throw OperatorError.invalidArgument("keyed override: \(preferred.partitionCount) preferred partitions "
                                                + "but \(fallback.partitionCount) fallback partitions")
        }
        guard !keys.isEmpty else { throw OperatorError.invalidArgument("keyed override needs at least one key column") }
        guard preferred.outputPartitioning == fallback.outputPartitioning,
              preferred.outputPartitioning.groups(keys, partitionCount: preferred.partitionCount) else {
            throw OperatorError.invalidArgument("keyed override: both inputs must be partitioned alike on some of the keys "
                + "(preferred \(preferred.outputPartitioning), fallback \(fallback.outputPartitioning))")
        }
        _ = try Deduplicator(schema: fallback.schema, keys: keys, order: fallbackOrder)
        keyColumns = try preferred.schema.indices(of: keys)
        self.preferred = preferred
        self.fallback = fallback
        self.keys = keys
        self.fallbackOrder = fallbackOrder
    }

    public var schema: Schema { preferred.schema }
    public var partitionCount: Int { preferred.partitionCount }
    public var outputPartitioning: OutputPartitioning { preferred.outputPartitioning }
    public var children: [any ExecutionPlan] { [preferred, fallback] }
    public var detail: String {
        "keys [\(keys.joined(separator: ", "))], fallback first by [\(fallbackOrder.map(\.column).joined(separator: ", "))]"
    }

    public func execute(partition: Int, context: TaskContext) throws -> BatchStream {
        let preferredRows = try preferred.execute(partition: partition, context: context)
        let fallbackRows = try fallback.execute(partition: partition, context: context)
        let deduplicator = try Deduplicator(schema: schema, keys: keys, order: fallbackOrder,
                                            budget: context.budget, spillDirectory: context.spill)
        let keyColumns = keyColumns, metrics = metrics
        var candidates: FallbackCandidates?
        var survivors: IndexingIterator<[RecordBatch]>?
        return try metered(partition) {
            if candidates == nil {
                while let batch = try await fallbackRows.next() { try deduplicator.add(batch) }
                var kept: [RecordBatch] = []
                try deduplicator.finish { kept += $0.kept }
                metrics.add(spilledBytes: deduplicator.spilledBytes)
                candidates = FallbackCandidates(kept.filter { $0.rowCount > 0 }, keyColumns: keyColumns)
            }
            if survivors == nil {
                if let batch = try await preferredRows.next() {
                    candidates?.markOverridden(by: batch)
                    return batch
                }
                survivors = try (candidates?.survivors() ?? []).makeIterator()
            }
            return survivors?.next()
        }
    }
}

/// The deduplicated fallback rows of one partition, in a hash table the preferred rows
/// probe, with a flag per row once a preferred row has its key. Keys are hashed and
/// compared where they lie.
private struct FallbackCandidates {
    private let batches: [RecordBatch]
    private let keyColumns: [Int]
    private let table: HashedEntries
    private let entryBatch: ContiguousArray<Int>
    private let entryRow: ContiguousArray<Int>
    private var overridden: ContiguousArray<Bool>

    init(_ batches: [RecordBatch], keyColumns: [Int]) {
        var table = HashedEntries(), entryBatch = ContiguousArray<Int>(), entryRow = ContiguousArray<Int>()
        for (index, batch) in batches.enumerated() {
            let hashes = KeyHash.hashRows(of: batch, keys: keyColumns)
            for row in 0 ..< batch.rowCount {
                // Distinct already (deduplicated by these keys): every row is a new entry.
                let (_, inserted) = table.findOrInsert(hash: hashes[row]) { entry in
                    batch.keysEqual(row: row, keys: keyColumns, batches[entryBatch[entry]], row: entryRow[entry],
                                    keys: keyColumns)
                }
                if inserted {
                    entryBatch.append(index)
                    entryRow.append(row)
                }
            }
        }
        self.batches = batches
        self.keyColumns = keyColumns
        self.table = table
        self.entryBatch = entryBatch
        self.entryRow = entryRow
        overridden = ContiguousArray(repeating: false, count: table.count)
    }

    /// Flags the fallback rows whose key a row of `batch` has.
    mutating func markOverridden(by batch: RecordBatch) {
        guard table.count > 0, batch.rowCount > 0 else { return }
        let hashes = KeyHash.hashRows(of: batch, keys: keyColumns)
        let batches = batches, entryBatch = entryBatch, entryRow = entryRow, keyColumns = keyColumns
        for row in 0 ..< batch.rowCount {
            let entry = table.find(hash: hashes[row]) { entry in
                batch.keysEqual(row: row, keys: keyColumns, batches[entryBatch[entry]], row: entryRow[entry],
                                keys: keyColumns)
            }
            if let entry { overridden[entry] = true }
        }
    }

    /// The fallback rows no preferred row overrode, batch by batch.
    func survivors() throws -> [RecordBatch] {
        var rows = batches.map { _ in ContiguousArray<Int>() }
        for entry in 0 ..< table.count where !overridden[entry] { rows[entryBatch[entry]].append(entryRow[entry]) }
        var result: [RecordBatch] = []
        for (index, batch) in batches.enumerated() where !rows[index].isEmpty {
            result.append(rows[index].count == batch.rowCount ? batch : try batch.gather(rows[index]))
        }
        return result
    }
}
