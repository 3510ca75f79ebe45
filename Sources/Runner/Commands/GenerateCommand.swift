import ArgumentParser
import Foundation
import Partition

/// `medallion generate`: writes an orders-like sample as plain CSV, multi-frame zstd
/// and multi-member gzip (the splittable forms medallion reads on every core).
struct GenerateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "generate",
        abstract: "Generate an orders-like sample dataset (plain, zstd, gzip)."
    )

    @Option(help: "Output folder (created if missing).")
    var out: String

    @Option(help: "Number of order rows.")
    var orders: Int = 1_000_000

    @Option(help: "Random seed.")
    var seed: UInt64 = 42

    func validate() throws {
        guard orders >= 0 else { throw ValidationError("--orders must be 0 or more") }
    }

    func run() throws {
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let plain = out + "/orders.csv"
        let zstd = try ZstdFrameWriter(path: out + "/orders.csv.zst", layout: .frames(uncompressedBytes: 4 << 20), cutAtNewlines: true)
        let gzip = try GzipMemberWriter(path: out + "/orders.csv.gz", layout: .sizedMembers(uncompressedBytes: 8 << 20), cutAtNewlines: true)
        guard FileManager.default.createFile(atPath: plain, contents: nil), let handle = FileHandle(forWritingAtPath: plain) else {
            throw ValidationError("cannot create \(plain)")
        }
        defer { try? handle.close() }
        try OrdersSampleWriter(rows: orders, seed: seed).generate { block in
            try handle.write(contentsOf: Data(block))
            try zstd.write(block)
            try gzip.write(block)
        }
        try zstd.finish()
        try gzip.finish()
        print("wrote \(orders) orders to \(plain), \(plain).zst (multi-frame), \(plain).gz (multi-member)")
    }
}
