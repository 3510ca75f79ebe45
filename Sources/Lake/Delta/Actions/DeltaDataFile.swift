import Columns

/// A data file as a writer describes it: what a Parquet writer knows after
/// closing a file. `DeltaTable` turns it into an `add` action (encoding the path,
/// serializing partition values and stats); callers never build JSON.
public struct DeltaDataFile: Sendable, Hashable {
    /// Relative to the table root, as on disk ("region=eu/part-0.parquet"); not URL-encoded.
    public var path: String
    /// One entry per partition column; nil is SQL NULL.
    public var partitionValues: [String: DeltaValue?]
    /// Bytes on disk.
    public var size: Int64
    /// Row count plus optional per-column bounds and null counts.
    public var stats: DeltaFileStats
    /// Milliseconds since the epoch; nil means "now" at commit time.
    public var modificationTime: Int64?

    public init(
        path: String, partitionValues: [String: DeltaValue?] = [:], size: Int64,
        stats: DeltaFileStats, modificationTime: Int64? = nil
    ) {
        self.path = path
        self.partitionValues = partitionValues
        self.size = size
        self.stats = stats
        self.modificationTime = modificationTime
    }

    public init(
        path: String, partitionValues: [String: DeltaValue?] = [:], size: Int64, numRecords: Int64,
        modificationTime: Int64? = nil
    ) {
        self.init(path: path, partitionValues: partitionValues, size: size,
                  stats: DeltaFileStats(numRecords: numRecords), modificationTime: modificationTime)
    }

    public var numRecords: Int64 { stats.numRecords }
}

/// Partition values as the log stores them: column → protocol text, or nil for NULL.
public typealias DeltaPartitionValues = [String: String?]

extension DeltaPartitionValues {
    /// Serializes typed values per the protocol (dates yyyy-MM-dd, decimals plain).
    public static func serialize(_ values: [String: DeltaValue?]) -> DeltaPartitionValues {
        values.mapValues { $0.map(\.partitionText) }
    }

    /// True when every column named in `spec` has the same value here.
    func matches(_ spec: DeltaPartitionValues) -> Bool {
        spec.allSatisfy { key, value in
            // A missing entry and an explicit null both mean NULL; "" is NULL too.
            let mine = self[key].flatMap { $0 }.flatMap { $0.isEmpty ? nil : $0 }
            let theirs = value.flatMap { $0.isEmpty ? nil : $0 }
            return mine == theirs
        }
    }
}
