import Columns
import Synchronization

/// The result of a shuffle: per partition, a spill file (possibly none) followed by
/// in-memory batches. Sendable, so partitions can be consumed by parallel tasks;
/// each partition is taken once, and its memory and file are freed as it is taken
/// and read.
public final class ShuffleOutput: Sendable {
    public let schema: Schema
    private let budget: MemoryBudget
    private let partitions: Mutex<[PartitionData?]>
    public let partitionCount: Int

    struct PartitionData: Sendable {
        var spill: SpillFile?
        var batches: [RecordBatch]
        var bytes: Int
    }

    init(schema: Schema, partitions: [PartitionData], budget: MemoryBudget) {
        self.schema = schema
        self.budget = budget
        partitionCount = partitions.count
        self.partitions = Mutex(partitions)
    }

    deinit {
        let left = partitions.withLock { $0.reduce(0) { $0 + ($1?.bytes ?? 0) } }
        budget.release(left)
    }

    /// A reader over partition `partition`'s batches in arrival order. Throws if taken before.
    public func takePartition(_ partition: Int) throws -> PartitionReader {
        let data: PartitionData? = partitions.withLock { parts in
            guard parts.indices.contains(partition) else { return nil }
            defer { parts[partition] = nil }
            return parts[partition]
        }
        guard let data else {
            throw OperatorError.invalidArgument("shuffle partition \(partition) is out of range or was already taken")
        }
        // The reader's consumer charges what it keeps; in-flight batches are transient.
        budget.release(data.bytes)
        return try PartitionReader(spill: data.spill, batches: data.batches)
    }

    /// Whether any partition had to go to disk.
    public var spilled: Bool { partitions.withLock { $0.contains { $0?.spill != nil } } }
}

/// Reads one shuffle partition: spilled batches first (they arrived first), then in-memory ones.
/// The spill file is deleted once read to the end, or when the reader is released.
public final class PartitionReader {
    private var spill: SpillFile?
    private var spillReader: SpillFileReader?
    private var batches: [RecordBatch]
    private var nextBatch = 0

    init(spill: SpillFile?, batches: [RecordBatch]) throws {
        self.spill = spill
        spillReader = try spill?.makeReader()
        self.batches = batches
    }

    deinit { spill?.remove() }

    public func next() throws -> RecordBatch? {
        if let reader = spillReader {
            if let batch = try reader.next() { return batch }
            spillReader = nil
            spill?.remove()
            spill = nil
        }
        guard nextBatch < batches.count else { return nil }
        defer {
            batches[nextBatch] = RecordBatch(empty: batches[nextBatch].schema)
            nextBatch += 1
        }
        return batches[nextBatch]
    }

    /// All remaining batches.
    public func readAll() throws -> [RecordBatch] {
        var all: [RecordBatch] = []
        while let batch = try next() { all.append(batch) }
        return all
    }
}
