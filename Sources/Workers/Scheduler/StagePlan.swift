/// A run as a plan of named stages executed in order. Each stage gets its own
/// metrics; the plan collects them into the run report. Stages run their tasks with
/// `parallelMap`/`CSVScan` bounded to `workers`; a failing stage stops the plan.
public final class StagePlan: Sendable {
    public let workers: Int
    private let recorded = Recorded()

    public init(workers: Int) { self.workers = max(1, workers) }

    /// Runs one stage: `body` receives the stage's metrics; a live progress line is
    /// shown on a terminal while it runs.
    public func stage<R: Sendable>(_ name: String, showProgress: Bool = true,
                                   _ body: (StageMetrics) async throws -> R) async throws -> R {
        let metrics = StageMetrics(name: name)
        let progress = showProgress ? ProgressReporter(metrics: metrics) : nil
        defer {
            progress?.stop()
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
