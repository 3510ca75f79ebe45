import Synchronization

/// A value computed once by whichever partition asks first and awaited by the others:
/// the build side of a broadcast join, the map side of a shuffle. The work runs in its own
/// task; once every waiter so far has been cancelled it is cancelled too.
final class SharedResult<Value: Sendable>: Sendable {
    private struct State {
        var task: Task<Value, any Error>?
        var waiting = 0
        var cancelled = 0
    }
    private let work: @Sendable () async throws -> Value
    private let state = Mutex(State())

    init(_ work: @escaping @Sendable () async throws -> Value) { self.work = work }

    var value: Value {
        get async throws {
            let running = state.withLock { state in
                state.waiting += 1
                if let task = state.task { return task }
                let work = work
                let started = WorkerThreads.task { try await work() }
                state.task = started
                return started
            }
            return try await withTaskCancellationHandler {
                try await running.value
            } onCancel: {
                let everyoneGone = state.withLock { state in
                    state.cancelled += 1
                    return state.cancelled >= state.waiting
                }
                if everyoneGone { running.cancel() }
            }
        }
    }
}
