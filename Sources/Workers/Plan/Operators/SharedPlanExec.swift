import Columns
import Synchronization

/// A plan several consumers read (a CTE referenced more than once): each partition runs
/// once, by whichever consumer asks first, and its batches are held — in memory while the
/// budget grants them, in a spill file past that — until every consumer has read them.
/// With one consumer it is a pass-through and holds nothing.
public final class SharedPlanExec: ExecutionPlan {
    public let name = "SharedPlanExec"
    public let input: any ExecutionPlan
    public let metrics = OperatorMetrics()
    private let state = Mutex(State())

    private struct State {
        var consumers = 0
        var partitions: [Int: SharedResult<Held>] = [:]
        var finished: [Int: Int] = [:]
    }

    /// One partition's output, kept until its last reader is done (or the plan is freed).
    private final class Held: @unchecked Sendable {
        var batches: [RecordBatch] = []
        var spill: SpillFile?
        let reservation: MemoryReservation
        init(budget: MemoryBudget) { reservation = MemoryReservation(budget: budget) }
        func release() {
            batches = []
            reservation.releaseAll()
            spill?.remove()
        }
        deinit { spill?.remove() }
    }

    public init(_ input: any ExecutionPlan) { self.input = input }

    /// Registers one more consumer (call once per place the plan is used, before execution).
    @discardableResult
    public func addConsumer() -> SharedPlanExec {
        state.withLock { $0.consumers += 1 }
        return self
    }

    public var consumers: Int { state.withLock { $0.consumers } }
    public var schema: Schema { input.schema }
    public var partitionCount: Int { input.partitionCount }
    public var outputPartitioning: OutputPartitioning { input.outputPartitioning }
    public var children: [any ExecutionPlan] { [input] }
    public var detail: String { "read by \(consumers)" }

    public func execute(partition: Int, context: TaskContext) throws -> BatchStream {
        try checkedPartition(partition)
        let (consumers, shared) = state.withLock { state -> (Int, SharedResult<Held>?) in
            guard state.consumers > 1 else { return (state.consumers, nil) }
            if let running = state.partitions[partition] { return (state.consumers, running) }
            let input = input, schema = schema
            let started = SharedResult { try await Self.collect(input, partition: partition, schema: schema, context: context) }
            state.partitions[partition] = started
            return (state.consumers, started)
        }
        guard let shared else {
            let stream = try input.execute(partition: partition, context: context)
            return try metered(partition) { try await stream.next() }
        }
        var held: Held?
        var next = 0
        var reader: SpillFileReader?
        var done = false
        return try metered(partition) { [self] in
            if done { return nil }
            if held == nil { held = try await shared.value }
            guard let held else { return nil }
            if next < held.batches.count {
                next += 1
                return held.batches[next - 1]
            }
            if let spill = held.spill {
                if reader == nil { reader = try spill.makeReader() }
                if let batch = try reader?.next() { return batch }
            }
            done = true
            let last = self.state.withLock { state -> Bool in
                state.finished[partition, default: 0] += 1
                return state.finished[partition] == consumers
            }
            if last { held.release() }
            return nil
        }
    }

    private static func collect(_ input: any ExecutionPlan, partition: Int, schema: Schema,
                                context: TaskContext) async throws -> Held {
        let held = Held(budget: context.budget)
        let stream = try input.execute(partition: partition, context: context)
        while let batch = try await stream.next() {
            if held.spill == nil, held.reservation.tryGrow(batch.estimatedBytes) {
                held.batches.append(batch)
            } else if let directory = context.spill {
                if held.spill == nil { held.spill = try directory.makeFile(schema: schema, label: "shared") }
                try held.spill?.append(batch)
            } else {
                held.reservation.forceGrow(batch.estimatedBytes)
                held.batches.append(batch)
            }
        }
        return held
    }
}
