import DequeModule
import Synchronization

/// A multi-producer, multi-consumer queue with a capacity: `send` suspends while the
/// queue is full (backpressure), `receive` suspends while it is empty and returns
/// nil once the channel is closed and drained. `fail` wakes everyone with an error.
public final class BoundedChannel<Element: Sendable>: Sendable {
    private struct State {
        // A received element leaves the queue at once: the channel may outlive its
        // traffic (a plan kept for its metrics), and must not keep every batch it carried.
        var buffer = Deque<Element>()
        var closed = false
        var failure: (any Error)?
        var senders = Deque<CheckedContinuation<Void, any Error>>()
        var receivers = Deque<CheckedContinuation<Element?, any Error>>()
        var count: Int { buffer.count }
        mutating func pop() -> Element { buffer.removeFirst() }
    }

    public let capacity: Int
    private let state = Mutex(State())

    public init(capacity: Int) { self.capacity = max(1, capacity) }

    public func send(_ element: Element) async throws {
        while true {
            let outcome: Result<Bool, any Error> = state.withLock { s in
                if let f = s.failure { return .failure(f) }
                if s.closed { return .failure(ChannelError.closed) }
                if !s.receivers.isEmpty {
                    let r = s.receivers.removeFirst()
                    r.resume(returning: element)
                    return .success(true)
                }
                if s.count < capacity { s.buffer.append(element); return .success(true) }
                return .success(false)
            }
            if try outcome.get() { return }
            try Task.checkCancellation()
            try await withCheckedThrowingContinuation { (c: CheckedContinuation<Void, any Error>) in
                let resumeNow: Bool = state.withLock { s in
                    if s.failure != nil || s.closed || s.count < capacity { return true }
                    s.senders.append(c)
                    return false
                }
                if resumeNow { c.resume() }
            }
        }
    }

    public func receive() async throws -> Element? {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Element?, any Error>) in
            let result: Result<Element?, any Error>? = state.withLock { s in
                if s.count > 0 {
                    let e = s.pop()
                    if !s.senders.isEmpty { s.senders.removeFirst().resume() }
                    return .success(e)
                }
                if let f = s.failure { return .failure(f) }
                if s.closed { return .success(nil) }
                s.receivers.append(c)
                return nil
            }
            if let result { c.resume(with: result) }
        }
    }

    /// No more elements will be sent; receivers drain what is left, then get nil.
    public func close() {
        let (senders, receivers) = state.withLock { s in
            s.closed = true
            defer { s.senders = []; s.receivers = [] }
            return (s.senders, s.receivers)
        }
        senders.forEach { $0.resume() }
        receivers.forEach { $0.resume(returning: nil) }
    }

    /// Wakes every waiter with `error` (used when a stage fails).
    public func fail(_ error: any Error) {
        let (senders, receivers) = state.withLock { s in
            s.failure = error
            defer { s.senders = []; s.receivers = [] }
            return (s.senders, s.receivers)
        }
        senders.forEach { $0.resume(throwing: error) }
        receivers.forEach { $0.resume(throwing: error) }
    }
}

public enum ChannelError: Error, Sendable {
    case closed
}
