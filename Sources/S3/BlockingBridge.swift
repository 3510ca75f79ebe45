import Dispatch
import Synchronization

/// Runs async S3 work for a synchronous caller (the object-store API blocks its thread, as
/// the lake's readers and writers run on the engine's own threads) and waits for the result.
///
/// The work runs on an executor of its own — a few serial dispatch queues, each with a thread
/// of its own — and not on Swift's cooperative pool: a caller blocking a cooperative thread
/// while its work waited for one could deadlock a 2-core machine. Waiting on sockets happens
/// on NIO's event loops either way; these threads only sign, hash and parse.
enum BlockingBridge {
    static func run<T: Sendable>(_ work: @escaping @Sendable () async throws -> T) throws -> T {
        let outcome = Mutex<Result<T, any Error>>(.failure(CancellationError()))
        let done = DispatchSemaphore(value: 0)
        Task(executorPreference: executor) {
            let result: Result<T, any Error>
            do { result = .success(try await work()) } catch { result = .failure(error) }
            outcome.withLock { $0 = result }
            done.signal()
        }
        done.wait()
        return try outcome.withLock { $0 }.get()
    }

    static let executor = QueuesExecutor(width: 4)
}

/// A task executor over `width` serial queues, jobs dealt round-robin.
final class QueuesExecutor: TaskExecutor {
    private let queues: [DispatchQueue]
    private let next = Atomic<UInt>(0)

    init(width: Int) {
        queues = (0..<max(1, width)).map { DispatchQueue(label: "medallion.s3.\($0)") }
    }

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let index = Int(next.wrappingAdd(1, ordering: .relaxed).newValue % UInt(queues.count))
        queues[index].async { job.runSynchronously(on: self.asUnownedTaskExecutor()) }
    }
}
