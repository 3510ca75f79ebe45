import Foundation
import Columns
@testable import Lake

/// A fresh directory under the system temp dir, removed by `cleanup()`.
struct TempDirectory {
    let path: String

    init(_ label: String = "delta") {
        path = NSTemporaryDirectory() + "medallion-\(label)-" + UUID().uuidString.lowercased()
        try? FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func cleanup() { try? FileManager.default.removeItem(atPath: path) }
}

enum DeltaFixtures {
    /// sales(id long, amount decimal(18,2), day date, region string), partitioned by region.
    static let schema = Schema([
        Field("id", .int64, nullable: false),
        Field("amount", .decimal(precision: 18, scale: 2)),
        Field("day", .date),
        Field("region", .text),
    ])

    /// Writes `size` placeholder bytes at `table/relative` (the log never reads
    /// data files; vacuum needs them on disk) and describes it.
    static func dataFile(
        in table: String, _ relative: String, region: String?, rows: Int64, size: Int = 64
    ) throws -> DeltaDataFile {
        let full = table + "/" + relative
        try FileManager.default.createDirectory(
            atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        try Data(repeating: 0x2A, count: size).write(to: URL(fileURLWithPath: full))
        return DeltaDataFile(
            path: relative, partitionValues: ["region": region.map(DeltaValue.text)], size: Int64(size),
            stats: DeltaFileStats(
                numRecords: rows,
                minValues: ["id": .int64(1), "amount": .decimal(-1050, scale: 2), "day": .date(19_723)],
                maxValues: ["id": .int64(rows), "amount": .decimal(99_999, scale: 2), "day": .date(19_724)],
                nullCount: ["id": 0, "amount": 1, "day": 0]
            )
        )
    }

    static func file(in table: String, region: String?, rows: Int64 = 10) throws -> DeltaDataFile {
        let dir = region.map { "region=" + $0 } ?? "region=__HIVE_DEFAULT_PARTITION__"
        return try dataFile(in: table, "\(dir)/part-\(UUID().uuidString.lowercased()).parquet", region: region, rows: rows)
    }

    static func exists(_ table: String, _ relative: String) -> Bool {
        FileManager.default.fileExists(atPath: table + "/" + relative)
    }
}
