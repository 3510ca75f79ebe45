@testable import Server
import Testing

/// The bound on queries at once: slots, the waiting line in order, refusal past it.
@Suite struct QueryGateTests {
    /// A latch a test opens to let held bodies finish.
    actor Latch {
        private var open = false
        private var waiting: [CheckedContinuation<Void, Never>] = []
        func wait() async {
            if open { return }
            await withCheckedContinuation { waiting.append($0) }
        }
        func release() {
            open = true
            for continuation in waiting { continuation.resume() }
            waiting = []
        }
    }

    actor Order {
        var names: [String] = []
        func add(_ name: String) { names.append(name) }
    }

    @Test func pastTheSlotsAndTheQueueARequestIsRefused() async throws {
        let gate = QueryGate(running: 1, queued: 1)
        let latch = Latch(), order = Order()
        let first = Task { try await gate.withSlot { await latch.wait(); await order.add("first") } }
        while await gate.runningCount < 1 { await Task.yield() }
        let second = Task { try await gate.withSlot { await order.add("second") } }
        while await gate.queuedCount < 1 { await Task.yield() }
        await #expect(throws: QueryGate.Full.self) { try await gate.withSlot { await order.add("third") } }
        await latch.release()
        try await first.value
        try await second.value
        #expect(await order.names == ["first", "second"])
        #expect(await gate.runningCount == 0)
        #expect(await gate.queuedCount == 0)
    }

    @Test func aCancelledWaiterLeavesTheQueue() async throws {
        let gate = QueryGate(running: 1, queued: 4)
        let latch = Latch()
        let holder = Task { try await gate.withSlot { await latch.wait() } }
        while await gate.runningCount < 1 { await Task.yield() }
        let waiter = Task { try await gate.withSlot { 1 } }
        while await gate.queuedCount < 1 { await Task.yield() }
        waiter.cancel()
        await #expect(throws: CancellationError.self) { try await waiter.value }
        #expect(await gate.queuedCount == 0)
        await latch.release()
        try await holder.value
        // The slot is free again.
        #expect(try await gate.withSlot { 7 } == 7)
    }

    @Test func aFailingBodyGivesItsSlotBack() async throws {
        struct Boom: Error {}
        let gate = QueryGate(running: 1, queued: 0)
        await #expect(throws: Boom.self) { try await gate.withSlot { throw Boom() } }
        #expect(await gate.runningCount == 0)
        #expect(try await gate.withSlot { "ok" } == "ok")
    }
}
