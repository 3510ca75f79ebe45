/// A run as a plan of named stages executed in order. Each stage gets its own
/// metrics; the plan collects them into the run report. Stages run their tasks with
/// `parallelMap`/`CSVScan` bounded to `workers`; a failing stage stops the plan.
public final class StagePlan: Sendable {
    /// Called as each stage starts with its live metrics (e.g. the CLI's progress line);
    /// the closure it returns is called as the stage ends.
    public typealias StageObserver = @Sendable (StageMetrics) -> @Sendable () -> Void

    public let workers: Int
    private let recorded = Recorded()
    private let observer: StageObserver?

    public init(workers: Int, observer: StageObserver? = nil) {
        self.workers = max(1, workers)
        self.observer = observer
    }

    /// Runs one stage: `body` receives the stage's metrics, which the observer watches.
    public func stage<R: Sendable>(_ name: String, _ body: (StageMetrics) async throws -> R) async throws -> R {
        let metrics = StageMetrics(name: name)
        let stopObserving = observer?(metrics)
        defer {
            stopObserving?()
            metrics.finish()
            recorded.append(metrics.snapshot)
        }
        return try await body(metrics)
    }

    /// Runs `body` over `items` as one stage of parallel tasks.
    public func parallelStage<T: Sendable, R: Sendable>(
        _ name: String, _ items: [T], _ body: @escaping @Sendable (T, StageMetrics) async throws -> R
    ) async throws -> [R] {
        try await stage(name) { metrics in
            metrics.addTasks(items.count)
            return try await parallelMap(items, workers: workers) { item in
                let r = try await body(item, metrics)
                metrics.taskDone()
                return r
            }
        }
    }

    /// Adds spill bytes measured after a stage ended to that stage's figures.
    public func addSpill(_ bytes: Int, toStage name: String) {
        recorded.update(name) { $0.spillBytes += bytes }
    }

    /// Snapshots of the stages run so far, in order.
    public var stages: [StageSnapshot] { recorded.all }
}

import Synchronization

private final class Recorded: Sendable {
    private let list = Mutex<[StageSnapshot]>([])
    func append(_ s: StageSnapshot) { list.withLock { $0.append(s) } }
    var all: [StageSnapshot] { list.withLock { $0 } }
    func update(_ name: String, _ change: (inout StageSnapshot) -> Void) {
        list.withLock { stages in
            if let i = stages.lastIndex(where: { $0.name == name }) { change(&stages[i]) }
        }
    }
}
