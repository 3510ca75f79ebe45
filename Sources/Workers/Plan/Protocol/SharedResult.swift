import Synchronization

/// A value computed once by whichever partition asks first and awaited by the others:
/// the build side of a broadcast join, the map side of a shuffle. The work runs in its own
/// task; if every waiter is cancelled it is cancelled too.
final class SharedResult<Value: Sendable>: Sendable {
    private let work: @Sendable () async throws -> Value
    private let task = Mutex<Task<Value, any Error>?>(nil)
    private let waiters = Mutex(0)

    init(_ work: @escaping @Sendable () async throws -> Value) { self.work = work }

    var value: Value {
        get async throws {
            let running = task.withLock { task in
                if let task { return task }
                let started = Task { try await work() }
                task = started
                return started
            }
            waiters.withLock { $0 += 1 }
            return try await withTaskCancellationHandler {
                defer { waiters.withLock { $0 -= 1 } }
                return try await running.value
            } onCancel: {
                if waiters.withLock({ $0 <= 1 }) { running.cancel() }
            }
        }
    }
}
