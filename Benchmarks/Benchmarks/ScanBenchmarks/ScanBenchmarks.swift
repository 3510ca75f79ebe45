import Benchmark
import Foundation
import Partition
import Workers

/// Scan throughput: decompress + parse to typed columns (count + DECIMAL sum of
/// order_qty), for plain CSV, multi-frame zstd, multi-member gzip and single-frame
/// zstd, with one worker and with every core. Throughput is reported in MB of CSV.
let benchmarks: @Sendable () -> Void = {
    let data = ScanBenchData.shared
    let columns = [RequestedColumn("order_qty", .decimal(precision: 18, scale: 2))]
    for (name, path) in data.files {
        for workers in Set([1, WorkerCount.active]).sorted() {
            Benchmark("scan \(name) w\(workers)",
                      configuration: .init(metrics: [.wallClock, .cpuTotal, .throughput, .peakMemoryResident],
                                           scalingFactor: .mega, maxDuration: .seconds(10), maxIterations: 20)) { benchmark in
                let file = try InputFile.open(path: path)
                for _ in benchmark.scaledIterations {
                    let result = try await CSVScan.run(files: [file], columns: columns, options: ScanOptions(workers: workers)) { chunk in
                        chunk.parsed.batch.rowCount
                    }
                    blackHole(result.results.reduce(0, +))
                }
            }
        }
    }
}

/// Sample data written once per benchmark process into a temporary folder.
final class ScanBenchData: Sendable {
    static let shared = ScanBenchData()
    let files: [(String, String)]
    let csvBytes: Int

    init() {
        let rows = Int(ProcessInfo.processInfo.environment["MEDALLION_BENCH_ROWS"] ?? "") ?? 1_000_000
        let dir = NSTemporaryDirectory() + "medallion-bench-\(rows)"
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        let plain = dir + "/orders.csv"
        var csv = ContiguousArray<UInt8>()
        if !FileManager.default.fileExists(atPath: plain) {
            csv = Self.ordersCSV(rows: rows)
            _ = FileManager.default.createFile(atPath: plain, contents: Data(csv))
            Self.write(csv, zstd: dir + "/orders.frames.csv.zst", layout: .frames(uncompressedBytes: 4 << 20))
            Self.write(csv, zstd: dir + "/orders.single.csv.zst", layout: .singleFrame)
            if let gz = try? GzipMemberWriter(path: dir + "/orders.members.csv.gz", layout: .sizedMembers(uncompressedBytes: 8 << 20)) {
                try? csv.withUnsafeBytes { try gz.write($0) }
                try? gz.finish()
            }
        }
        csvBytes = ((try? FileManager.default.attributesOfItem(atPath: plain))?[.size] as? Int) ?? csv.count
        files = [("plain", plain), ("zstd-frames", dir + "/orders.frames.csv.zst"),
                 ("zstd-single", dir + "/orders.single.csv.zst"), ("gzip-members", dir + "/orders.members.csv.gz")]
    }

    static func write(_ csv: ContiguousArray<UInt8>, zstd path: String, layout: ZstdFrameLayout) {
        guard let writer = try? ZstdFrameWriter(path: path, layout: layout, cutAtNewlines: true) else { return }
        try? csv.withUnsafeBytes { try writer.write($0) }
        try? writer.finish()
    }

    static func ordersCSV(rows: Int) -> ContiguousArray<UInt8> {
        var out = ContiguousArray("order_id,order_placement_date,customer_id,product_id,order_qty\n".utf8)
        out.reserveCapacity(rows * 60)
        var state: UInt64 = 42
        func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        for _ in 0 ..< rows {
            let day = 1 + next() % 28
            let qty = next() % 20 == 0 ? "" : "\(1 + next() % 500).0"
            let line = "FJUL\(10_000_000 + next() % 90_000_000),\"Tuesday, July \(day < 10 ? "0" : "")\(day), 2025\",789\(100 + next() % 900),2589\(1000 + next() % 9000),\(qty)\n"
            out.append(contentsOf: line.utf8)
        }
        return out
    }
}
