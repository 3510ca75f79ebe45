import Columns
import Synchronization

/// Dedup that many tasks feed at once: rows are hash-partitioned by key into
/// `partitions` independent `Deduplicator`s (a key never spans two), each behind its
/// own lock, so concurrent `add`s rarely wait and the partitions finish in parallel,
/// one at a time in memory. All partitions share one memory budget and spill on their
/// own when it refuses more.
///
/// `partitionBy` (a subset of the keys, default all of them) picks the partition: rows of
/// one key still meet, and a caller that aggregates each partition's kept rows by those
/// columns gets groups that no other partition has.
public final class PartitionedDeduplicator: Sendable {
    public let partitions: Int
    private let partitioner: HashPartitioner
    private let parts: [Part]

    /// One partition's deduplicator behind its lock (nil once finished).
    private final class Part: Sendable {
        let slot: Mutex<Deduplicator?>
        init(_ deduplicator: sending Deduplicator) { slot = Mutex(deduplicator) }
    }

    public init(schema: Schema, keys: [String], partitionBy: [String]? = nil, order: [SortKey], partitions: Int,
                budget: MemoryBudget = .unlimited(), spillDirectory: SpillDirectory? = nil) throws {
        let partitionKeys = partitionBy ?? keys
        guard !partitionKeys.isEmpty, Set(partitionKeys).isSubset(of: keys) else {
            throw OperatorError.invalidArgument("dedup: partition columns \(partitionKeys) must be some of the keys \(keys)")
        }
        self.partitions = max(1, partitions)
        partitioner = try HashPartitioner(schema: schema, keys: partitionKeys, partitions: self.partitions)
        var parts: [Part] = []
        for _ in 0 ..< self.partitions {
            parts.append(Part(try Deduplicator(schema: schema, keys: keys, order: order, budget: budget,
                                               spillDirectory: spillDirectory)))
        }
        self.parts = parts
    }

    /// Adds rows; safe to call from many tasks at once.
    ///
    /// Each split goes to whichever of its partitions is free first: tasks that walked
    /// the partitions in one fixed order would queue behind each other at every lock and
    /// add in lockstep, one at a time. Only when every remaining partition is busy does
    /// a task wait, on the first of them.
    public func add(_ batch: RecordBatch) throws {
        guard batch.rowCount > 0 else { return }
        var pending = try partitioner.split(batch).enumerated().filter { $0.element.rowCount > 0 }
        while !pending.isEmpty {
            var next = 0
            while next < pending.count {
                let (index, part) = pending[next]
                let added: Void? = try parts[index].slot.withLockIfAvailable { deduplicator in
                    try Self.add(part, to: deduplicator)
                }
                if added == nil { next += 1 } else { pending.remove(at: next) }
            }
            if let (index, part) = pending.first {
                try parts[index].slot.withLock { try Self.add(part, to: $0) }
                pending.removeFirst()
            }
        }
    }

    private static func add(_ part: RecordBatch, to deduplicator: Deduplicator?) throws {
        guard let deduplicator else { throw OperatorError.invalidArgument("dedup: add after finish") }
        try deduplicator.add(part)
    }

    /// Partition `index`'s deduplicator, handed to the caller (who pulls its pieces); each
    /// partition once, in any order.
    public func take(partition index: Int) throws -> Deduplicator {
        guard parts.indices.contains(index) else {
            throw OperatorError.invalidArgument("dedup: no partition \(index) of \(partitions)")
        }
        let deduplicator = parts[index].slot.withLock { slot -> Deduplicator? in
            let taken = slot
            slot = nil
            return taken
        }
        guard let deduplicator else { throw OperatorError.invalidArgument("dedup: partition \(index) finished twice") }
        return deduplicator
    }
}
