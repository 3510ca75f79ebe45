import Synchronization
import Testing
import Workers

struct Boom: Error, Equatable {}

@Suite("Task scheduling")
struct ParallelMapTests {
    @Test("results come back in input order whatever the completion order")
    func ordered() async throws {
        let out = try await parallelMap(Array(0 ..< 50), workers: 4) { i in
            try await Task.sleep(for: .milliseconds((50 - i) % 7))
            return i * 2
        }
        #expect(out == (0 ..< 50).map { $0 * 2 })
    }

    @Test("never more than `workers` tasks at once")
    func bounded() async throws {
        let running = Mutex((now: 0, peak: 0))
        _ = try await parallelMap(Array(0 ..< 40), workers: 3) { _ in
            running.withLock { $0.now += 1; $0.peak = max($0.peak, $0.now) }
            try await Task.sleep(for: .milliseconds(2))
            running.withLock { $0.now -= 1 }
        }
        #expect(running.withLock { $0.peak } <= 3)
    }

    @Test("the first error cancels the sibling tasks")
    func cancelsSiblings() async throws {
        let cancelled = Mutex(0)
        await #expect(throws: Boom.self) {
            _ = try await parallelMap(Array(0 ..< 4), workers: 4) { i in
                if i == 2 {
                    try await Task.sleep(for: .milliseconds(20))
                    throw Boom()
                }
                do {
                    try await Task.sleep(for: .seconds(600))
                } catch is CancellationError {
                    cancelled.withLock { $0 += 1 }
                    throw CancellationError()
                }
            }
        }
        #expect(cancelled.withLock { $0 } == 3)
    }

    @Test("a bounded channel applies backpressure and delivers everything in order")
    func channel() async throws {
        let channel = BoundedChannel<Int>(capacity: 2)
        let producer = Task {
            for i in 0 ..< 100 { try await channel.send(i) }
            channel.close()
        }
        var received: [Int] = []
        while let v = try await channel.receive() { received.append(v) }
        try await producer.value
        #expect(received == Array(0 ..< 100))
    }

    @Test("failing a channel wakes a waiting receiver with the error")
    func channelFailure() async throws {
        let channel = BoundedChannel<Int>(capacity: 1)
        let receiver = Task { try await channel.receive() }
        try await Task.sleep(for: .milliseconds(10))
        channel.fail(Boom())
        await #expect(throws: Boom.self) { _ = try await receiver.value }
    }

    @Test("a channel keeps no element once it was received (it may outlive its traffic)")
    func channelReleases() async throws {
        final class Payload: Sendable {}
        let channel = BoundedChannel<Payload>(capacity: 4)
        weak var first: Payload?
        do {
            let payload = Payload()
            first = payload
            try await channel.send(payload)
            try await channel.send(Payload())
        }
        var received = try await channel.receive()
        #expect(received != nil)
        received = nil
        #expect(first == nil)
        #expect(try await channel.receive() != nil)
    }
}
