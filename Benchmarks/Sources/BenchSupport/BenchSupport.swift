import Benchmark
import Foundation

/// Knobs shared by the benchmark targets, read from the environment.
///
/// - `MEDALLION_BENCH_ROWS`: rows of generated data (default 1,000,000).
/// - `MEDALLION_BENCH_MAX_SECONDS` / `MEDALLION_BENCH_MAX_ITERATIONS`: override every
///   benchmark's limits (a benchmark stops at whichever comes first; one iteration is one
///   whole scan / operator run, so an iteration is never cut short).
public enum BenchEnvironment {
    public static var rows: Int { integer("MEDALLION_BENCH_ROWS") ?? 1_000_000 }

    /// The configuration every benchmark here uses, with the default limits given.
    public static func configuration(metrics: [BenchmarkMetric], maxSeconds: Int, maxIterations: Int,
                                     warmupIterations: Int = 1) -> Benchmark.Configuration {
        .init(metrics: metrics, warmupIterations: warmupIterations,
              maxDuration: .seconds(integer("MEDALLION_BENCH_MAX_SECONDS") ?? maxSeconds),
              maxIterations: integer("MEDALLION_BENCH_MAX_ITERATIONS") ?? maxIterations)
    }

    static func integer(_ name: String) -> Int? {
        ProcessInfo.processInfo.environment[name].flatMap { Int($0.replacingOccurrences(of: "_", with: "")) }
    }
}

public extension BenchmarkMetric {
    /// Uncompressed CSV megabytes (10^6 bytes) scanned per second of wall time.
    static var csvMBPerSecond: BenchmarkMetric { .custom("CSV MB/s", polarity: .prefersLarger, useScalingFactor: false) }
    /// Input rows, in thousands, per second of wall time.
    static var kRowsPerSecond: BenchmarkMetric { .custom("input K rows/s", polarity: .prefersLarger, useScalingFactor: false) }
    /// Bytes written to spill files in the iteration, in MB (10^6 bytes).
    static var spilledMB: BenchmarkMetric { .custom("spilled MB", polarity: .prefersSmaller, useScalingFactor: false) }
}

/// Wall time of `body` in seconds.
public func secondsElapsed<T>(_ body: () async throws -> T) async rethrows -> (T, Double) {
    let start = ContinuousClock.now
    let value = try await body()
    return (value, (ContinuousClock.now - start) / .seconds(1))
}

/// SplitMix64: small, fast, seeded, reproducible.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// A task executor with a fixed number of dedicated threads.
///
/// Why: package-benchmark runs an async benchmark by blocking one thread of Swift's global
/// concurrent executor in `DispatchSemaphore.wait()` (`Benchmark.runAsync`, called from the
/// async `BenchmarkRunner.run`). That pool has one thread per core, so on a 2-core machine
/// the code under test was left with ONE thread (gdb: the runner thread parked in
/// `runAsync`, every scan task on the other "com.apple.root.default-qos" thread; CPU time
/// equal to wall time with 2 workers). The medallion CLI has the whole pool; running the
/// measured code under `withTaskExecutorPreference(PoolExecutor(threads: cores))` gives it
/// the same number of threads. The engine code that runs is unchanged.
public final class PoolExecutor: TaskExecutor, @unchecked Sendable {

    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var head = 0

    public init(threads: Int) {
        for index in 0 ..< max(1, threads) {
            let thread = Thread { [unowned self] in self.work() }
            thread.name = "bench-pool-\(index)"
            thread.start()
        }
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func work() {
        while true {
            condition.lock()
            while head == jobs.count { condition.wait() }
            let job = jobs[head]
            head += 1
            if head == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                head = 0
            }
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}
