import Columns
import Synchronization

/// The output of a plan that already ran, held for a later plan under the memory budget
/// (what a stage boundary keeps between two stages, as Spark's shuffle files do): each
/// partition's batches stay in memory while the budget grants them and go to a spill
/// file from the first one it refuses, so a large intermediate result never grows past
/// the limit. Executing a partition hands its batches over once, in their order, giving
/// the memory back as they leave.
public final class MaterializedExec: ExecutionPlan {
    public let name = "MaterializedExec"
    public let schema: Schema
    public let metrics = OperatorMetrics()
    public let children: [any ExecutionPlan] = []
    public let rows: Int
    /// Bytes written to spill files (compressed).
    public let spilledBytes: Int
    public let outputPartitioning: OutputPartitioning
    private let parts: Mutex<[Held?]>
    private let partCount: Int

    /// One partition's batches: those in memory (charged to `reservation`), then those
    /// in `spill`. Touched only by the task that collected it, then by the one that takes it.
    private final class Held: @unchecked Sendable {
        var batches: [RecordBatch] = []
        var spill: SpillFile?
        var rows = 0
        let reservation: MemoryReservation
        init(budget: MemoryBudget) { reservation = MemoryReservation(budget: budget) }
    }

    private init(schema: Schema, parts: [Held], partitioning: OutputPartitioning) {
        self.schema = schema
        outputPartitioning = parts.isEmpty ? .unknown : partitioning
        self.parts = Mutex(parts)
        partCount = parts.count
        rows = parts.reduce(0) { $0 + $1.rows }
        spilledBytes = parts.reduce(0) { $0 + ($1.spill?.size ?? 0) }
    }

    /// Runs every partition of `plan` and holds what it yields.
    public static func run(_ plan: any ExecutionPlan, context: TaskContext) async throws -> MaterializedExec {
        let schema = plan.schema
        let parts = try await parallelMap(Array(0 ..< plan.partitionCount), workers: context.workers) { partition in
            let held = Held(budget: context.budget)
            let stream = try plan.execute(partition: partition, context: context)
            while let batch = try await stream.next() {
                held.rows += batch.rowCount
                if held.spill == nil, held.reservation.tryGrow(batch.estimatedBytes) {
                    held.batches.append(batch)
                } else if let directory = context.spill {
                    if held.spill == nil { held.spill = try directory.makeFile(schema: schema, label: "materialized") }
                    try held.spill?.append(batch)
                } else {
                    held.reservation.forceGrow(batch.estimatedBytes)
                    held.batches.append(batch)
                }
            }
            return held
        }
        let node = MaterializedExec(schema: schema, parts: parts, partitioning: plan.outputPartitioning)
        node.metrics.add(spilledBytes: node.spilledBytes)
        return node
    }

    public var partitionCount: Int { max(1, partCount) }
    public var detail: String {
        "\(rows) rows" + (spilledBytes > 0 ? ", \(Format.bytes(spilledBytes)) spilled" : "")
    }

    public func execute(partition: Int, context: TaskContext) throws -> BatchStream {
        try checkedPartition(partition)
        let held = partCount == 0 ? nil : parts.withLock { parts -> Held? in
            let taken = parts[partition]
            parts[partition] = nil
            return taken
        }
        if partCount > 0, held == nil {
            throw OperatorError.invalidArgument("\(name): partition \(partition) executed twice")
        }
        var next = 0
        var reader: SpillFileReader?
        return try metered(partition) {
            guard let held else { return nil }
            if next < held.batches.count {
                let batch = held.batches[next]
                held.batches[next] = RecordBatch(empty: batch.schema)
                next += 1
                held.reservation.shrink(batch.estimatedBytes)
                return batch
            }
            guard let spill = held.spill else { return nil }
            if reader == nil { reader = try spill.makeReader() }
            if let batch = try reader?.next() { return batch }
            spill.remove()
            held.spill = nil
            return nil
        }
    }
}
