import Foundation
import Synchronization
import Testing
@testable import Workers

@Suite("Worker threads (--workers N uses N threads)")
struct WorkerThreadsTests {
    @Test("the operation, its child tasks and its unstructured tasks all run on the pool's threads")
    func everyTaskOnThePool() async throws {
        let (threads, onPool) = try await WorkerThreads.run(workers: 2) { () async throws -> (WorkerThreads?, [Bool]) in
            guard let threads = WorkerThreads.current else { return (nil, []) }
            var seen = [threads.ownsCurrentThread()]
            seen += await withTaskGroup(of: Bool.self) { group in
                for _ in 0 ..< 16 { group.addTask { threads.ownsCurrentThread() } }
                return await group.reduce(into: []) { $0.append($1) }
            }
            seen.append(await WorkerThreads.task { threads.ownsCurrentThread() }.value)
            return (threads, seen)
        }
        #expect(onPool.count == 18)
        #expect(onPool.allSatisfy { $0 }, "\(onPool)")
        #expect(threads?.ownsCurrentThread() == false)
    }

    @Test("one worker: tasks that wait on each other through the engine's channel still finish (no thread is blocked)")
    func oneWorkerChannel() async throws {
        let total = try await WorkerThreads.run(workers: 1) { () async throws -> Int in
            let channel = BoundedChannel<Int>(capacity: 2)
            let producer = WorkerThreads.task {
                for i in 1 ... 100 { try await channel.send(i) }
                channel.close()
            }
            var sum = 0
            while let value = try await channel.receive() { sum += value }
            try await producer.value
            return sum
        }
        #expect(total == 5050)
    }

    @Test("one worker runs one job at a time (the shared pool would run one per core)")
    func bounded() async throws {
        let counts = RunningCount()
        _ = try await WorkerThreads.run(workers: 1) { () async throws -> Int in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0 ..< 8 {
                    group.addTask {
                        counts.state.withLock { $0.running += 1; $0.peak = max($0.peak, $0.running) }
                        usleep(20_000)  // holds its thread
                        counts.state.withLock { $0.running -= 1 }
                    }
                }
                try await group.waitForAll()
            }
            return 0
        }
        #expect(counts.state.withLock { $0.peak } == 1)
    }
}

/// Jobs running now and the most at once.
private final class RunningCount: Sendable {
    let state = Mutex((running: 0, peak: 0))
}
