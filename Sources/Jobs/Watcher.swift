import Foundation
import Pipeline

/// `medallion watch`: polls the source every `interval`; once new or changed files have
/// stayed unchanged for `debounce` (`ArrivalTrigger`), runs one batch with all of them
/// (`PipelineRun`, which takes the lake lock, so never two runs at once); retries a failed
/// run (`RetryPolicy`), then reports it and waits for the next files. A stop (SIGTERM,
/// SIGINT) cancels a running batch before its commit — the lake stays as it was and the
/// next start ingests the same files — or lets it finish when it is committing already.
public final class Watcher: Sendable {
    public struct Options: Sendable {
        public var source: String
        public var interval: Duration
        public var debounce: Duration
        public var retry: RetryPolicy
        /// Stop after this many runs (retries not counted); nil: until stopped.
        public var maxRuns: Int?

        public init(source: String, interval: Duration, debounce: Duration, retry: RetryPolicy, maxRuns: Int? = nil) {
            self.source = source
            self.interval = interval
            self.debounce = debounce
            self.retry = retry
            self.maxRuns = maxRuns
        }
    }

    public typealias Batch = @Sendable () async throws -> RunSummary

    let options: Options
    let runBatch: Batch
    let log: @Sendable (WatchEvent) -> Void
    let note: @Sendable (String) -> Void
    public let stopSignal = StopSignal()

    /// - runBatch: one pipeline run (the command passes `PipelineRun.run` with its options).
    /// - log: each run attempt's event. - note: progress text for people (stderr).
    public init(options: Options, runBatch: @escaping Batch, log: @escaping @Sendable (WatchEvent) -> Void,
                note: @escaping @Sendable (String) -> Void = { _ in }) {
        self.options = options
        self.runBatch = runBatch
        self.log = log
        self.note = note
    }

    /// Watches until stopped or `maxRuns` runs are done; returns the number of runs.
    @discardableResult
    public func run() async -> Int {
        var trigger = ArrivalTrigger(debounce: options.debounce)
        var runs = 0
        let clock = ContinuousClock()
        var reportedListingError: String?
        while !stopSignal.isStopped {
            let snapshot: SourceSnapshot
            do {
                snapshot = try SourceSnapshot.take(options.source)
                reportedListingError = nil
            } catch {
                // A source folder that is briefly gone (a remount, a sync tool) is waited out.
                let message = "\(error)"
                if message != reportedListingError { note("watch: \(message); trying again every \(options.interval)") }
                reportedListingError = message
                await stopSignal.sleep(options.interval)
                continue
            }
            switch trigger.observe(snapshot, at: clock.now) {
            case .idle:
                await stopSignal.sleep(options.interval)
            case let .settling(files, wait):
                note("watch: \(files.count) new or changed files; waiting until they stop changing")
                // Looked at again when the debounce would end: a run starts within
                // interval + debounce of the last change.
                await stopSignal.sleep(min(options.interval, wait))
            case let .run(files):
                trigger.started(over: snapshot)
                runs += 1
                await runWithRetries(run: runs, files: files.count)
                if let maxRuns = options.maxRuns, runs >= maxRuns { return runs }
            }
        }
        return runs
    }

    private func runWithRetries(run: Int, files: Int) async {
        for attempt in 1 ... options.retry.retries + 1 {
            guard !stopSignal.isStopped else { return }
            let start = Date()
            var event = WatchEvent(run: run, attempt: attempt, start: WatchEvent.timestamp(start), end: "", seconds: 0,
                                   outcome: .failed, files: files, rows: 0, batch: nil, error: nil)
            let task = Task { try await runBatch() }
            stopSignal.onStop { task.cancel() }
            let result = await task.result
            stopSignal.clearActions()
            let end = Date()
            event.end = WatchEvent.timestamp(end)
            event.seconds = (end.timeIntervalSince(start) * 1000).rounded() / 1000
            switch result {
            case let .success(summary):
                event.outcome = summary.committed ? .committed : .nothingNew
                event.rows = summary.flows.reduce(0) { $0 + $1.rowsRead }
                event.batch = summary.batchId
                log(event)
                return
            case let .failure(error):
                if error is CancellationError || stopSignal.isStopped {
                    event.outcome = .abandoned
                    event.error = "stopped before the commit; the next run ingests these files"
                    log(event)
                    return
                }
                if case PipelineError.lakeLocked = error { event.outcome = .locked }
                event.error = "\(error)"
                log(event)
            }
            guard attempt <= options.retry.retries else {
                note("watch: run \(run) failed \(attempt) times; waiting for new files")
                return
            }
            let wait = options.retry.wait(beforeRetry: attempt, unit: Double.random(in: 0 ..< 1))
            note("watch: run \(run) attempt \(attempt) \(event.outcome.rawValue); retrying in \(wait)")
            await stopSignal.sleep(wait)
        }
    }
}
