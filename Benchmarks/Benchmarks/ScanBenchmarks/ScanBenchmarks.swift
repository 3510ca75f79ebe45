import BenchSupport
import Benchmark
import Foundation
import Columns
import Partition
import Workers

/// Scan throughput: decompress + parse to typed columns (row count + DECIMAL order_qty),
/// for plain CSV, multi-frame zstd, multi-member gzip and single-frame zstd, with one
/// worker and with every core.
///
/// One iteration = one whole scan of the file. (The first version looped over
/// `benchmark.scaledIterations` with `scalingFactor: .mega`, i.e. ran the scan a million
/// times per iteration, which is why it never finished.) `CSV MB/s` is the uncompressed
/// CSV size (10^6 bytes) divided by the iteration's wall time, so it compares across the
/// plain and compressed inputs.
///
/// Rows: MEDALLION_BENCH_ROWS (default 1,000,000 ≈ 60 MB of CSV). The files are written
/// once into $TMPDIR/medallion-bench-<rows>/ and reused by later runs.
let benchmarks: @Sendable () -> Void = {
    AllocatorTuning.keepLargeBuffers()  // as the medallion CLI does at start
    let data = ScanBenchData.shared
    let columns = [RequestedColumn("order_qty", .decimal(precision: 18, scale: 2))]
    let megabytes = Double(data.csvBytes) / 1e6
    for (name, path) in data.files {
        for workers in Set([1, WorkerCount.active]).sorted() {
            Benchmark("scan \(name) w\(workers)",
                      configuration: BenchEnvironment.configuration(
                          metrics: [.wallClock, .cpuTotal, .peakMemoryResident, .csvMBPerSecond],
                          maxSeconds: 5, maxIterations: 20)) { benchmark in
                let file = try InputFile.open(path: path)
                let (result, seconds) = try await secondsElapsed {
                    // See PoolExecutor: the harness holds one thread of the global pool.
                    try await withTaskExecutorPreference(scanExecutor) {
                        try await CSVScan.run(files: [file], columns: columns, options: ScanOptions(workers: workers)) { chunk in
                            chunk.parsed.batch.rowCount
                        }
                    }
                }
                let rows = result.results.reduce(0, +)
                guard rows == data.rows else { throw ScanBenchError.wrongRowCount(expected: data.rows, found: rows) }
                blackHole(rows)
                benchmark.measurement(.csvMBPerSecond, Int((megabytes / seconds).rounded()))
            }
        }
    }
}

/// One thread per core, like the global executor the CLI runs on.
let scanExecutor = PoolExecutor(threads: WorkerCount.active)

enum ScanBenchError: Error {
    case wrongRowCount(expected: Int, found: Int)
}

/// Sample data written once into a temporary folder (reused while `complete` exists).
final class ScanBenchData: Sendable {
    static let shared = ScanBenchData()
    let rows: Int
    let files: [(String, String)]
    let csvBytes: Int

    init() {
        rows = BenchEnvironment.rows
        let dir = NSTemporaryDirectory() + "medallion-bench-\(rows)"
        let plain = dir + "/orders.csv", frames = dir + "/orders.frames.csv.zst"
        let single = dir + "/orders.single.csv.zst", members = dir + "/orders.members.csv.gz"
        let marker = dir + "/complete"
        if !FileManager.default.fileExists(atPath: marker) {
            // Every benchmark runs in its own process and finds the files here. Written
            // under temporary names and renamed, so a killed run never leaves a
            // half-written file that looks done.
            try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
            let tag = ".tmp-\(getpid())"
            let csv = Self.ordersCSV(rows: rows)
            _ = FileManager.default.createFile(atPath: plain + tag, contents: Data(csv))
            Self.write(csv, zstd: frames + tag, layout: .frames(uncompressedBytes: 4 << 20))
            Self.write(csv, zstd: single + tag, layout: .singleFrame)
            if let gz = try? GzipMemberWriter(path: members + tag, layout: .sizedMembers(uncompressedBytes: 8 << 20)) {
                try? csv.withUnsafeBytes { try gz.write($0) }
                try? gz.finish()
            }
            for path in [plain, frames, single, members] { rename(path + tag, path) }
            _ = FileManager.default.createFile(atPath: marker, contents: Data("\(csv.count)\n".utf8))
        }
        csvBytes = ((try? FileManager.default.attributesOfItem(atPath: plain))?[.size] as? Int) ?? 0
        files = [("plain", plain), ("zstd-frames", frames), ("zstd-single", single), ("gzip-members", members)]
    }

    static func write(_ csv: ContiguousArray<UInt8>, zstd path: String, layout: ZstdFrameLayout) {
        guard let writer = try? ZstdFrameWriter(path: path, layout: layout, cutAtNewlines: true) else { return }
        try? csv.withUnsafeBytes { try writer.write($0) }
        try? writer.finish()
    }

    /// Orders-like rows (about 60 bytes each): quoted long dates, ~5% empty quantities.
    static func ordersCSV(rows: Int) -> ContiguousArray<UInt8> {
        var out = ContiguousArray("order_id,order_placement_date,customer_id,product_id,order_qty\n".utf8)
        out.reserveCapacity(rows * 64)
        var random = SeededRandom(seed: 42)
        for _ in 0 ..< rows {
            let day = 1 + random.next() % 28
            let qty = random.next() % 20 == 0 ? "" : "\(1 + random.next() % 500).0"
            let line = "FJUL\(10_000_000 + random.next() % 90_000_000),\"Tuesday, July \(day < 10 ? "0" : "")\(day), 2025\",789\(100 + random.next() % 900),2589\(1000 + random.next() % 9000),\(qty)\n"
            out.append(contentsOf: line.utf8)
        }
        return out
    }
}
