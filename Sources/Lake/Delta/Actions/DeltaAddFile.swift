import Columns

/// The `add` action: a data file that is part of the table from this version on.
public struct DeltaAddFile: Codable, Sendable, Hashable {
    /// URL-encoded path relative to the table root (or an absolute URI).
    public var path: String
    public var partitionValues: DeltaPartitionValues
    public var size: Int64
    /// Milliseconds since the epoch.
    public var modificationTime: Int64
    public var dataChange: Bool
    /// Statistics as a JSON string (see `DeltaFileStats`).
    public var stats: String?
    public var tags: [String: String]?

    public init(
        path: String, partitionValues: DeltaPartitionValues, size: Int64, modificationTime: Int64,
        dataChange: Bool, stats: String?, tags: [String: String]? = nil
    ) {
        self.path = path
        self.partitionValues = partitionValues
        self.size = size
        self.modificationTime = modificationTime
        self.dataChange = dataChange
        self.stats = stats
        self.tags = tags
    }

    /// The action for a newly written data file.
    public init(file: DeltaDataFile, modificationTime: Int64, dataChange: Bool = true) {
        self.init(
            path: DeltaPathEncoding.encode(file.path),
            partitionValues: .serialize(file.partitionValues),
            size: file.size,
            modificationTime: file.modificationTime ?? modificationTime,
            dataChange: dataChange,
            stats: file.stats.jsonString()
        )
    }

    /// The path on disk relative to the table root.
    public var relativePath: String { DeltaPathEncoding.decode(path) }

    /// Typed statistics; nil when the writer recorded none or they do not parse
    /// (stats are hints, so a bad stats string must not make the table unreadable).
    public func parsedStats(schema: Schema) -> DeltaFileStats? {
        guard let stats else { return nil }
        return try? DeltaFileStats(json: stats, schema: schema)
    }

    /// Row count from the stats, when recorded.
    public var numRecords: Int64? {
        guard let stats, case let .object(members)? = try? DeltaJSON.parse(stats) else { return nil }
        return members["numRecords"]?.int64Value
    }

    /// The tombstone that removes this file at `deletionTimestamp` (ms).
    public func removal(at deletionTimestamp: Int64, dataChange: Bool = true) -> DeltaRemoveFile {
        DeltaRemoveFile(
            path: path, deletionTimestamp: deletionTimestamp, dataChange: dataChange,
            extendedFileMetadata: true, partitionValues: partitionValues, size: size, stats: stats
        )
    }
}
