import Synchronization

/// The statement the shell is running, so that Ctrl-C (a signal, on another thread) can
/// cancel it. The engine's operators check for cancellation between batches.
public final class RunningStatement: Sendable {
    private let task = Mutex<Task<Void, Never>?>(nil)
    private let cancelled = Mutex(false)

    public init() {}

    /// Cancels the running statement, if any; true when there was one.
    @discardableResult
    public func cancel() -> Bool {
        task.withLock { task in
            guard let task else { return false }
            task.cancel()
            cancelled.withLock { $0 = true }
            return true
        }
    }

    /// Runs `operation` as the cancellable statement and waits for it; whether it was
    /// cancelled.
    func run(_ operation: @escaping @Sendable () async -> Void) async -> Bool {
        let started = Task { await operation() }
        cancelled.withLock { $0 = false }
        task.withLock { $0 = started }
        await started.value
        task.withLock { $0 = nil }
        return cancelled.withLock { $0 }
    }
}
