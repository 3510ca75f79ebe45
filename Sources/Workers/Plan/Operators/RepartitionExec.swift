import Columns

/// The shuffle: redistributes the input's rows into `partitionCount` partitions by the
/// hash of `keys`, so equal keys meet in one partition (for a final aggregate, a dedup, a
/// partitioned join). Without keys, whole batches are dealt round-robin (more parallelism
/// for a narrow input).
///
/// Spark-style stage boundary: the first partition opened runs the map side — every input
/// partition in its own task, each into a `ShuffleWriter` that keeps its pieces under the
/// memory budget and spills the largest to disk when it refuses — and every output
/// partition then reads its pieces back, in input order.
public final class RepartitionExec: ExecutionPlan {
    public let name = "RepartitionExec"
    public let input: any ExecutionPlan
    public let keys: [String]
    public let partitionCount: Int
    public let metrics = OperatorMetrics()
    private let mapSide = Mutex<SharedResult<[ShuffleOutput]>?>(nil)

    public init(_ input: any ExecutionPlan, keys: [String], partitions: Int) throws {
        _ = try input.schema.indices(of: keys)
        self.input = input
        self.keys = keys
        partitionCount = max(1, partitions)
    }

    public var schema: Schema { input.schema }
    public var outputPartitioning: OutputPartitioning {
        keys.isEmpty ? .unknown : .hash(columns: keys, count: partitionCount)
    }
    public var children: [any ExecutionPlan] { [input] }
    public var detail: String { keys.isEmpty ? "round robin" : "hash [\(keys.joined(separator: ", "))]" }

    public func execute(partition: Int, context: TaskContext) throws -> BatchStream {
        try checkedPartition(partition)
        let shared = mapSide.withLock { shared in
            if let shared { return shared }
            let created = SharedResult { [self] in try await runMapSide(context) }
            shared = created
            return created
        }
        var outputs: [ShuffleOutput]?
        var nextOutput = 0
        var reader: PartitionReader?
        return try metered(partition) {
            if outputs == nil { outputs = try await shared.value }
            while true {
                if let batch = try reader?.next() { return batch }
                guard let all = outputs, nextOutput < all.count else { return nil }
                reader = try all[nextOutput].takePartition(partition)
                nextOutput += 1
            }
        }
    }

    private func runMapSide(_ context: TaskContext) async throws -> [ShuffleOutput] {
        let keys = keys, partitions = partitionCount, schema = schema, metrics = metrics, input = input
        return try await parallelMap(Array(0 ..< input.partitionCount), workers: context.workers) { inputPartition in
            let writer = try ShuffleWriter(schema: schema, keys: keys, partitions: partitions, budget: context.budget,
                                           spillDirectory: context.spill, label: "repartition")
            let stream = try input.execute(partition: inputPartition, context: context)
            var dealt = inputPartition
            while let batch = try await stream.next() {
                if keys.isEmpty {
                    try writer.write(batch, partition: dealt % partitions)
                    dealt += 1
                } else {
                    try writer.write(batch)
                }
            }
            metrics.add(spilledBytes: writer.spilledBytes)
            return writer.finish()
        }
    }
}

import Synchronization
