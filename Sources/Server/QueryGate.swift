import DequeModule

/// Bounds the queries running at once: up to `running` run, up to `queued` more wait
/// in arrival order for a slot, and a query past both is refused at once (the caller
/// answers 503 with Retry-After). A waiter whose request is cancelled leaves the queue.
actor QueryGate {
    struct Full: Error {}

    let capacity: Int
    let queueLimit: Int
    private var active = 0
    private var waiters = Deque<(id: Int, continuation: CheckedContinuation<Void, any Error>)>()
    private var nextID = 0

    init(running: Int, queued: Int) {
        capacity = max(1, running)
        queueLimit = max(0, queued)
    }

    var runningCount: Int { active }
    var queuedCount: Int { waiters.count }

    /// Runs `body` once a slot is free; throws `Full` when the queue is full too, or
    /// `CancellationError` when the task is cancelled while waiting.
    nonisolated func withSlot<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        try await acquire()
        do {
            let value = try await body()
            await release()
            return value
        } catch {
            await release()
            throw error
        }
    }

    private func acquire() async throws {
        if active < capacity {
            active += 1
            return
        }
        guard waiters.count < queueLimit else { throw Full() }
        let id = nextID
        nextID += 1
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                waiters.append((id, continuation))
            }
        } onCancel: {
            Task { await self.cancelWaiter(id) }
        }
    }

    private func release() {
        if let next = waiters.popFirst() {
            // The slot passes straight to the next waiter: `active` stays as it is.
            next.continuation.resume()
        } else {
            active = max(0, active - 1)
        }
    }

    private func cancelWaiter(_ id: Int) {
        guard let index = waiters.firstIndex(where: { $0.id == id }) else { return }
        waiters.remove(at: index).continuation.resume(throwing: CancellationError())
    }
}
