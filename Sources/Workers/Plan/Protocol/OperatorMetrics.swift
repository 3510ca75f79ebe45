import Columns
import Synchronization

/// What one plan node did, summed over its partitions (thread-safe): the rows and batches
/// it produced, the time its streams spent producing them (including the time of the
/// children they pulled from — `PlanText` subtracts those), and the bytes it spilled.
public final class OperatorMetrics: Sendable {
    public struct Snapshot: Sendable, Equatable, Codable {
        public var outputRows = 0
        public var outputBatches = 0
        /// Seconds inside this node's `next` calls, summed over partitions.
        public var seconds = 0.0
        public var spilledBytes = 0
        /// Rows a sink wrote to a table.
        public var writtenRows = 0
        public var partitionsDone = 0
    }

    private let state = Mutex(Snapshot())

    public init() {}

    func record(batch: RecordBatch, since started: ContinuousClock.Instant) {
        let elapsed = (ContinuousClock.now - started).seconds
        state.withLock {
            $0.outputRows += batch.rowCount
            $0.outputBatches += 1
            $0.seconds += elapsed
        }
    }

    /// The end of one partition's stream.
    func record(since started: ContinuousClock.Instant) {
        let elapsed = (ContinuousClock.now - started).seconds
        state.withLock {
            $0.seconds += elapsed
            $0.partitionsDone += 1
        }
    }

    public func add(spilledBytes: Int) {
        guard spilledBytes > 0 else { return }
        state.withLock { $0.spilledBytes += spilledBytes }
    }

    public func add(writtenRows: Int) {
        state.withLock { $0.writtenRows += writtenRows }
    }

    public var snapshot: Snapshot { state.withLock { $0 } }
}
