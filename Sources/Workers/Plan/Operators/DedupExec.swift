import Columns

/// Distinct by key, keeping per key the first row by `order` (see `Deduplicator`). The
/// rows dropped go to `duplicates` (to quarantine them) as each partition's pieces leave.
///
/// Partitioning:
/// - `.input`: each input partition on its own; put a `RepartitionExec` on the keys under
///   it, so a key never spans two partitions.
/// - `.hash(columns, partitions)`: the shuffle is built in. Every input partition is
///   drained in its own task straight into `partitions` key tables (`PartitionedDeduplicator`:
///   rows are split by the hash of `columns`, a subset of the keys, and held once, not
///   buffered by a shuffle first and copied into a table after); each output partition
///   then reads one table. Grouping by some of the keys lets the operators above
///   aggregate by those columns without another shuffle.
///
/// `known` (evaluated once, after the input is drained — e.g. the keys already in the lake
/// on the dates the input turned out to hold) makes every row of a key it contains a
/// duplicate. A partition past the memory budget spills by key and comes out piece by
/// piece: only one spill partition's rows are held while its pieces leave.
public final class DedupExec: ExecutionPlan {
    public typealias DuplicateSink = @Sendable (_ partition: Int, _ rows: RecordBatch) throws -> Void
    public typealias KnownKeysSource = @Sendable () async throws -> KnownKeys?

    public enum Partitioning: Sendable {
        case input
        case hash(columns: [String], partitions: Int)
    }

    public let name = "DedupExec"
    public let input: any ExecutionPlan
    public let keys: [String]
    public let order: [SortKey]
    public let partitioning: Partitioning
    public let metrics = OperatorMetrics()
    private let duplicates: DuplicateSink
    /// The known keys, looked up once by the first partition that needs them.
    private let known: SharedResult<KnownKeys?>?
    /// `.hash`: the key tables every input partition fills, built once.
    private let hashTables = Mutex<SharedResult<PartitionedDeduplicator>?>(nil)

    public init(_ input: any ExecutionPlan, keys: [String], order: [SortKey], partitioning: Partitioning = .input,
                duplicates: @escaping DuplicateSink = { _, _ in }, known: KnownKeysSource? = nil) throws {
        _ = try Deduplicator(schema: input.schema, keys: keys, order: order)
        if case .hash(let columns, _) = partitioning, columns.isEmpty || !Set(columns).isSubset(of: keys) {
            throw OperatorError.invalidArgument("dedup: partition columns \(columns) must be some of the keys \(keys)")
        }
        self.input = input
        self.keys = keys
        self.order = order
        self.partitioning = partitioning
        self.known = known.map { source in SharedResult { try await source() } }
        self.duplicates = duplicates
    }

    public var schema: Schema { input.schema }
    public var outputPartitioning: OutputPartitioning {
        switch partitioning {
        case .input: input.outputPartitioning
        case let .hash(columns, partitions): .hash(columns: columns, count: partitions)
        }
    }
    public var partitionCount: Int {
        switch partitioning {
        case .input: input.partitionCount
        case .hash(_, let partitions): max(1, partitions)
        }
    }
    public var children: [any ExecutionPlan] { [input] }
    public var detail: String {
        var text = "keys [\(keys.joined(separator: ", "))], first by [\(order.map(\.column).joined(separator: ", "))]"
        if case .hash(let columns, _) = partitioning { text += ", hash [\(columns.joined(separator: ", "))]" }
        return text + (known == nil ? "" : ", minus known keys")
    }

    public func execute(partition: Int, context: TaskContext) throws -> BatchStream {
        try checkedPartition(partition)
        let opened = try open(partition, context: context)
        let duplicates = duplicates, known = known, metrics = metrics
        var deduplicator: Deduplicator?
        return try metered(partition) {
            if deduplicator == nil {
                let opened = try await opened()
                if let knownKeys = try await known?.value ?? nil { try opened.exclude(knownKeys) }
                deduplicator = opened
            }
            guard let current = deduplicator else { return nil }
            while let piece = try current.nextPiece() {
                for batch in piece.duplicates where batch.rowCount > 0 { try duplicates(partition, batch) }
                let kept = piece.kept.filter { $0.rowCount > 0 }
                if !kept.isEmpty {
                    return kept.count == 1 ? kept[0] : try RecordBatch.concat(kept, schema: current.schema)
                }
            }
            metrics.add(spilledBytes: current.spilledBytes)
            return nil
        }
    }

    /// How partition `partition` gets its filled deduplicator.
    private func open(_ partition: Int, context: TaskContext) throws -> () async throws -> Deduplicator {
        let keys = keys, order = order, schema = schema
        switch partitioning {
        case .input:
            let source = try input.execute(partition: partition, context: context)
            return {
                let deduplicator = try Deduplicator(schema: schema, keys: keys, order: order, budget: context.budget,
                                                    spillDirectory: context.spill)
                while let batch = try await source.next() { try deduplicator.add(batch) }
                return deduplicator
            }
        case .hash(let columns, let partitions):
            let shared = hashTables.withLock { shared in
                if let shared { return shared }
                let created = SharedResult { [self] in
                    try await fill(columns: columns, partitions: partitions, context: context)
                }
                shared = created
                return created
            }
            return { try await shared.value.take(partition: partition) }
        }
    }

    /// `.hash`: drains every input partition, each in its own task, into the key tables.
    private func fill(columns: [String], partitions: Int, context: TaskContext) async throws -> PartitionedDeduplicator {
        let tables = try PartitionedDeduplicator(schema: schema, keys: keys, partitionBy: columns, order: order,
                                                 partitions: partitions, budget: context.budget,
                                                 spillDirectory: context.spill)
        let input = input
        _ = try await parallelMap(Array(0 ..< input.partitionCount), workers: context.workers) { inputPartition in
            let stream = try input.execute(partition: inputPartition, context: context)
            while let batch = try await stream.next() { try tables.add(batch) }
        }
        return tables
    }
}

import Synchronization
