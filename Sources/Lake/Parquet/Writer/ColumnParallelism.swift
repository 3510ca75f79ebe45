import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs one task per column on up to `threads` threads (the caller's included).
/// Columns are independent — each has its own buffers and compressor — so a
/// column is only ever touched by the one thread that took its task. Tasks are
/// handed out heaviest first; the first error is rethrown once all tasks stop.
struct ColumnParallelism {
    let threads: Int
    /// Column indices in the order tasks are handed out.
    let order: [Int]

    init(requested: Int, weights: [Int]) {
        let cores = max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
        threads = max(1, min(requested > 0 ? requested : cores, weights.count))
        order = weights.indices.sorted { weights[$0] > weights[$1] }
    }

    func run(_ task: (Int) throws -> Void) throws {
        if threads == 1 {
            for i in order { try task(i) }
            return
        }
        let state = TaskState()
        let order = self.order
        withoutActuallyEscaping(task) { task in
            let box = TaskBox(task)
            DispatchQueue.concurrentPerform(iterations: threads) { _ in
                while true {
                    let k = state.next.wrappingAdd(1, ordering: .relaxed).oldValue
                    guard k < order.count, !state.failed.load(ordering: .relaxed) else { return }
                    do {
                        try box.task(order[k])
                    } catch {
                        state.record(error, column: order[k])
                    }
                }
            }
        }
        if let error = state.firstError { throw error }
    }
}

/// Shared progress of one `run`. Of several failures the one of the lowest
/// column index is reported, so errors do not depend on thread timing.
private final class TaskState: Sendable {
    let next = Atomic<Int>(0)
    let failed = Atomic<Bool>(false)
    private let failure = Mutex<(column: Int, parquet: ParquetError?, other: String?)?>(nil)

    func record(_ e: any Error, column: Int) {
        failed.store(true, ordering: .relaxed)
        failure.withLock { current in
            if let current, current.column <= column { return }
            current = (column, e as? ParquetError, e is ParquetError ? nil : String(describing: e))
        }
    }

    var firstError: (any Error)? {
        guard let f = failure.withLock({ $0 }) else { return nil }
        if let p = f.parquet { return p }
        return ColumnTaskError(message: f.other ?? "column task failed")
    }
}

private struct ColumnTaskError: Error, CustomStringConvertible {
    var message: String
    var description: String { message }
}

/// Carries the non-escaping task into the worker closure. Safe because every
/// column index is handed to exactly one thread and `run` waits for all of them.
private struct TaskBox: @unchecked Sendable {
    let task: (Int) throws -> Void
    init(_ task: @escaping (Int) throws -> Void) { self.task = task }
}
