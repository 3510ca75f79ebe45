import ArgumentParser
import Workers

/// The `--workers` bound every command shares: at least 1, at most
/// `WorkerCount.maximum` (more tasks than that only add memory and contention).
enum WorkerOption {
    static func check(_ workers: Int) throws {
        guard workers >= 1 else { throw ValidationError("--workers must be at least 1 (got \(workers))") }
        guard workers <= WorkerCount.maximum else {
            throw ValidationError("--workers must be at most \(WorkerCount.maximum), "
                + "4 × the \(WorkerCount.active) active cores (got \(workers))")
        }
    }
}
