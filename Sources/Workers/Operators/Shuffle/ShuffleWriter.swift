import Columns

/// Collects the batches of a shuffle per partition under a `MemoryBudget`.
///
/// Batches are split by `HashPartitioner` (or handed in pre-partitioned) and kept
/// in memory while the budget allows; when it refuses, the largest in-memory
/// partition is concatenated and written to its spill file, so that memory goes
/// to the partitions still growing. `finish()` hands everything to a
/// `ShuffleOutput` that reads each partition back in arrival order.
///
/// Single owner: use one writer per task (they can share the budget and directory).
public final class ShuffleWriter {
    public let schema: Schema
    public let partitioner: HashPartitioner
    private let spillDirectory: SpillDirectory?
    private let reservation: MemoryReservation
    private let label: String
    private var buffered: [[RecordBatch]]
    private var bufferedBytes: [Int]
    private var spills: [SpillFile?]

    /// Without a spill directory the writer never spills and forces its reservations.
    public init(schema: Schema, keys: [String], partitions: Int, budget: MemoryBudget,
                spillDirectory: SpillDirectory?, label: String = "shuffle",
                seed: UInt64 = HashPartitioner.defaultSeed) throws(OperatorError) {
        self.schema = schema
        partitioner = try HashPartitioner(schema: schema, keys: keys, partitions: partitions, seed: seed)
        self.spillDirectory = spillDirectory
        reservation = MemoryReservation(budget: budget)
        self.label = label
        buffered = Array(repeating: [], count: partitions)
        bufferedBytes = Array(repeating: 0, count: partitions)
        spills = Array(repeating: nil, count: partitions)
    }

    public var partitionCount: Int { partitioner.partitions }

    /// Splits `batch` by key and buffers (or spills) each part.
    public func write(_ batch: RecordBatch) throws {
        guard batch.schema == schema else {
            throw OperatorError.schemaMismatch(context: "shuffle \(label)", expected: schema, found: batch.schema)
        }
        guard batch.rowCount > 0 else { return }
        for (partition, part) in try partitioner.split(batch).enumerated() where part.rowCount > 0 {
            try write(part, partition: partition)
        }
    }

    /// Buffers a batch already known to belong to `partition`.
    public func write(_ batch: RecordBatch, partition: Int) throws {
        guard buffered.indices.contains(partition) else {
            throw OperatorError.invalidArgument("shuffle \(label): partition \(partition) out of 0..<\(partitionCount)")
        }
        let bytes = batch.estimatedBytes
        guard let spillDirectory else {
            reservation.forceGrow(bytes)
            buffered[partition].append(batch)
            bufferedBytes[partition] += bytes
            return
        }
        while !reservation.tryGrow(bytes) {
            guard let victim = bufferedBytes.indices.max(by: { bufferedBytes[$0] < bufferedBytes[$1] }),
                  bufferedBytes[victim] > 0 else {
                // Nothing left to free: this batch goes straight to disk (its partition
                // holds nothing in memory, so arrival order is kept).
                try spillFile(partition, in: spillDirectory).append(batch)
                return
            }
            try spill(victim, to: spillDirectory)
        }
        buffered[partition].append(batch)
        bufferedBytes[partition] += bytes
    }

    /// Writes partition `partition`'s buffered batches to its spill file as one block.
    private func spill(_ partition: Int, to directory: SpillDirectory) throws {
        let merged = try RecordBatch.concat(buffered[partition], schema: schema)
        try spillFile(partition, in: directory).append(merged)
        buffered[partition] = []
        reservation.shrink(bufferedBytes[partition])
        bufferedBytes[partition] = 0
    }

    private func spillFile(_ partition: Int, in directory: SpillDirectory) throws -> SpillFile {
        if let file = spills[partition] { return file }
        let file = try directory.makeFile(schema: schema, label: "\(label)-p\(partition)")
        spills[partition] = file
        return file
    }

    /// Compressed bytes this writer has spilled.
    public var spilledBytes: Int { spills.reduce(0) { $0 + ($1?.size ?? 0) } }

    /// Hands the buffered batches and spill files over; the writer is empty afterwards.
    public func finish() -> ShuffleOutput {
        let parts = (0 ..< partitionCount).map {
            ShuffleOutput.PartitionData(spill: spills[$0], batches: buffered[$0], bytes: bufferedBytes[$0])
        }
        let output = ShuffleOutput(schema: schema, partitions: parts, budget: reservation.budget)
        // The output now owns the buffered bytes' share of the budget.
        reservation.budget.forceReserve(reservation.bytes)
        reservation.releaseAll()
        buffered = Array(repeating: [], count: partitionCount)
        bufferedBytes = Array(repeating: 0, count: partitionCount)
        spills = Array(repeating: nil, count: partitionCount)
        return output
    }
}
