import Partition

/// Distinct by key within each partition, keeping per key the first row by `order` (see
/// `Deduplicator`); put a `RepartitionExec` on the keys under it, so a key never spans two
/// partitions. Keys in `known` (e.g. already in the lake) keep no row. The rows dropped go
/// to `duplicates` (to quarantine them) as each partition finishes. A partition past the
/// memory budget spills by key and comes out piece by piece.
public final class DedupExec: ExecutionPlan {
    public typealias DuplicateSink = @Sendable (_ partition: Int, _ rows: RecordBatch) throws -> Void

    public let name = "DedupExec"
    public let input: any ExecutionPlan
    public let keys: [String]
    public let order: [SortKey]
    public let metrics = OperatorMetrics()
    private let known: KnownKeys?
    private let duplicates: DuplicateSink

    public init(_ input: any ExecutionPlan, keys: [String], order: [SortKey], known: KnownKeys? = nil,
                duplicates: @escaping DuplicateSink = { _, _ in }) throws {
        _ = try Deduplicator(schema: input.schema, keys: keys, order: order, known: known)
        self.input = input
        self.keys = keys
        self.order = order
        self.known = known
        self.duplicates = duplicates
    }

    public var schema: Schema { input.schema }
    public var partitionCount: Int { input.partitionCount }
    public var children: [any ExecutionPlan] { [input] }
    public var detail: String {
        "keys [\(keys.joined(separator: ", "))], first by [\(order.map(\.column).joined(separator: ", "))]"
            + (known.map { ", \($0.count) known keys" } ?? "")
    }

    public func execute(partition: Int, context: TaskContext) throws -> BatchStream {
        let source = try input.execute(partition: partition, context: context)
        let deduplicator = try Deduplicator(schema: schema, keys: keys, order: order, known: known,
                                            budget: context.budget, spillDirectory: context.spill)
        var kept: IndexingIterator<[RecordBatch]>?
        let duplicates = duplicates, metrics = metrics
        return try metered(partition) {
            if kept == nil {
                while let batch = try await source.next() { try deduplicator.add(batch) }
                var rows: [RecordBatch] = []
                try deduplicator.finish { piece in
                    for batch in piece.duplicates where batch.rowCount > 0 { try duplicates(partition, batch) }
                    rows += piece.kept
                }
                metrics.add(spilledBytes: deduplicator.spilledBytes)
                kept = rows.makeIterator()
            }
            return kept?.next()
        }
    }
}
