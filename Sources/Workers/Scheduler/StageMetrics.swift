import Synchronization

/// Counters of one stage, updated from many tasks at once.
public final class StageMetrics: Sendable {
    public let name: String
    private let state: Mutex<StageSnapshot>
    private let started = ContinuousClock.now

    public init(name: String, tasksTotal: Int = 0) {
        self.name = name
        state = Mutex(StageSnapshot(name: name, tasksTotal: tasksTotal))
    }

    public func addTasks(_ n: Int) { state.withLock { $0.tasksTotal += n } }

    /// Records a finished task and what it moved.
    public func taskDone(rowsIn: Int = 0, rowsOut: Int = 0, bytesIn: Int = 0, bytesOut: Int = 0) {
        state.withLock {
            $0.tasksDone += 1
            $0.rowsIn += rowsIn
            $0.rowsOut += rowsOut
            $0.bytesIn += bytesIn
            $0.bytesOut += bytesOut
        }
    }

    public func add(rowsIn: Int = 0, rowsOut: Int = 0, bytesIn: Int = 0, bytesOut: Int = 0, spillBytes: Int = 0, rejected: Int = 0) {
        state.withLock {
            $0.rowsIn += rowsIn
            $0.rowsOut += rowsOut
            $0.bytesIn += bytesIn
            $0.bytesOut += bytesOut
            $0.spillBytes += spillBytes
            $0.rowsRejected += rejected
        }
    }

    /// Expected input bytes, for the ETA (0 = unknown).
    public func expectBytes(_ n: Int) { state.withLock { $0.bytesExpected += n } }

    public func finish() {
        let elapsed = ContinuousClock.now - started
        state.withLock { $0.seconds = elapsed.seconds; $0.finished = true }
    }

    public var snapshot: StageSnapshot {
        let elapsed = (ContinuousClock.now - started).seconds
        return state.withLock { s in
            var copy = s
            if !copy.finished { copy.seconds = elapsed }
            return copy
        }
    }
}

/// A stage's figures at one moment (also the JSON report row).
public struct StageSnapshot: Sendable, Codable, Equatable {
    public var name: String
    public var tasksTotal = 0
    public var tasksDone = 0
    public var rowsIn = 0
    public var rowsOut = 0
    public var rowsRejected = 0
    public var bytesIn = 0
    public var bytesOut = 0
    public var bytesExpected = 0
    public var spillBytes = 0
    public var seconds = 0.0
    public var finished = false

    public init(name: String, tasksTotal: Int = 0) {
        self.name = name
        self.tasksTotal = tasksTotal
    }
}

extension Duration {
    /// The duration in seconds (what every stage, operator and command reports).
    public var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
