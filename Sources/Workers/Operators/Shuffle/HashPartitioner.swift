import Columns

/// Splits a batch into `partitions` batches by a hash of its key columns: the
/// repartition step of a shuffle. Rows with equal keys (NULL = NULL) go to the
/// same partition in every batch and on both sides of a join whose key types agree.
///
/// Immutable and Sendable: one instance can serve many tasks.
public struct HashPartitioner: Sendable {
    public let keys: [String]
    public let partitions: Int
    private let keyIndices: [Int]
    private let seed: UInt64

    /// The seed differs from the one hash tables use, so rows of one partition
    /// still spread over a table's buckets.
    public static let defaultSeed: UInt64 = 0x2545_f491_4f6c_dd1d

    /// For an operator's own spill shuffle. Its input is often one partition of an
    /// exchange that used `defaultSeed`; with the same seed every row of it would share
    /// the hash's top bits, and so fall into one or two of the spill partitions.
    public static let spillSeed: UInt64 = 0x9e6c_63d0_676a_9a99

    public init(schema: Schema, keys: [String], partitions: Int, seed: UInt64 = defaultSeed) throws(OperatorError) {
        guard partitions >= 1 else { throw .invalidArgument("partition count must be at least 1, got \(partitions)") }
        self.keys = keys
        self.partitions = partitions
        keyIndices = try schema.indices(of: keys)
        self.seed = seed
    }

    /// The partition of each row.
    public func partitionOfRows(_ batch: RecordBatch) -> ContiguousArray<Int> {
        let hashes = KeyHash.hashRows(of: batch, keys: keyIndices, seed: seed)
        let n = UInt64(partitions)
        // Multiply-shift maps a 64-bit hash onto 0..<n without a division.
        return ContiguousArray(hashes.lazy.map { Int($0.multipliedFullWidth(by: n).high) })
    }

    /// `partitions` batches (some possibly empty); batch `p` holds the rows of partition `p`
    /// in their original order.
    public func split(_ batch: RecordBatch) throws(OperatorError) -> [RecordBatch] {
        if partitions == 1 { return [batch] }
        let rowsByPartition = rowIndicesByPartition(batch)
        var parts: [RecordBatch] = []
        parts.reserveCapacity(partitions)
        for rows in rowsByPartition {
            parts.append(rows.count == batch.rowCount ? batch : try batch.gather(rows))
        }
        return parts
    }

    /// The row numbers of each partition, in order.
    public func rowIndicesByPartition(_ batch: RecordBatch) -> [ContiguousArray<Int>] {
        let targets = partitionOfRows(batch)
        var counts = [Int](repeating: 0, count: partitions)
        for target in targets { counts[target] += 1 }
        var rows = counts.map { count -> ContiguousArray<Int> in
            var list = ContiguousArray<Int>()
            list.reserveCapacity(count)
            return list
        }
        for (row, target) in targets.enumerated() { rows[target].append(row) }
        return rows
    }
}
