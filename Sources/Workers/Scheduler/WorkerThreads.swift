import DequeModule
import Dispatch
import Foundation
import Synchronization

/// A fixed set of threads that runs every task of a computation started under it
/// (`WorkerThreads.run`): child tasks and unstructured tasks inherit the preference, so
/// `--workers N` uses N cores, not the runtime's shared pool (one per core) on top of the
/// operators' own N tasks. Jobs run in arrival order; a task that suspends gives its
/// thread back, so nothing here may block a thread waiting for another task (the
/// engine's channels and shared results suspend, they do not block).
public final class WorkerThreads: TaskExecutor, Sendable {
    public let count: Int
    private let queue = Mutex(Queue())
    private let ready = DispatchSemaphore(value: 0)

    private struct Queue {
        var jobs = Deque<UnownedJob>()
        var stopping = false
        /// The pool's threads (`pthread_self`), for `ownsCurrentThread`.
        var threads: Set<UInt> = []
    }

    public init(count: Int) {
        self.count = max(1, count)
        for index in 0 ..< self.count {
            let thread = Thread { [self] in
                queue.withLock { _ = $0.threads.insert(Self.currentThreadID) }
                // Set from the thread itself, so perf, gdb and top show it (15 characters at most).
                Thread.current.name = "medallion-w\(index)"
                work()
            }
            thread.start()
        }
    }

    /// The pool the current task runs under (`run`), if any.
    @TaskLocal public static var current: WorkerThreads?

    /// Runs `operation` with every task it starts on `workers` threads, then lets the
    /// threads go.
    public static func run<T: Sendable>(workers: Int, _ operation: () async throws -> T) async throws -> T {
        let threads = WorkerThreads(count: workers)
        defer { threads.shutDown() }
        return try await $current.withValue(threads) {
            try await withTaskExecutorPreference(threads) { try await operation() }
        }
    }

    /// An unstructured task on the current pool (child tasks inherit the executor
    /// preference; unstructured ones do not, so the engine starts them here).
    @discardableResult
    public static func task<T: Sendable>(_ operation: sending @escaping @isolated(any) () async throws -> T) -> Task<T, any Error> {
        Task(executorPreference: current, operation: operation)
    }

    @discardableResult
    public static func task<T: Sendable>(_ operation: sending @escaping @isolated(any) () async -> T) -> Task<T, Never> {
        Task(executorPreference: current, operation: operation)
    }

    /// True on one of this pool's threads.
    public func ownsCurrentThread() -> Bool {
        queue.withLock { $0.threads.contains(Self.currentThreadID) }
    }

    private static var currentThreadID: UInt { unsafeBitCast(pthread_self(), to: UInt.self) }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let queued = queue.withLock { queue in
            if queue.stopping { return false }
            queue.jobs.append(job)
            return true
        }
        if queued {
            ready.signal()
        } else {
            // A straggler after shut-down (a cancelled producer finishing): it still runs.
            let executor = asUnownedTaskExecutor()
            DispatchQueue.global().async { job.runSynchronously(on: executor) }
        }
    }

    /// The threads end once the jobs already queued have run; later jobs run on the
    /// shared pool.
    public func shutDown() {
        queue.withLock { $0.stopping = true }
        for _ in 0 ..< count { ready.signal() }
    }

    private func work() {
        while true {
            ready.wait()
            let next: (job: UnownedJob?, stop: Bool) = queue.withLock { queue in
                if let job = queue.jobs.popFirst() { return (job, false) }
                return (nil, queue.stopping)
            }
            if let job = next.job {
                job.runSynchronously(on: asUnownedTaskExecutor())
            } else if next.stop {
                return
            }
        }
    }
}
