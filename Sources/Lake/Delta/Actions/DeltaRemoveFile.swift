/// The `remove` action: a tombstone for a file that leaves the table at this
/// version. The file stays on disk for older versions until vacuum.
public struct DeltaRemoveFile: Codable, Sendable, Hashable {
    /// URL-encoded, exactly as in the `add` it cancels.
    public var path: String
    /// Milliseconds since the epoch.
    public var deletionTimestamp: Int64?
    public var dataChange: Bool
    /// True when partitionValues, size (and tags) are present.
    public var extendedFileMetadata: Bool?
    public var partitionValues: DeltaPartitionValues?
    public var size: Int64?
    public var stats: String?
    public var tags: [String: String]?

    public init(
        path: String, deletionTimestamp: Int64?, dataChange: Bool, extendedFileMetadata: Bool? = nil,
        partitionValues: DeltaPartitionValues? = nil, size: Int64? = nil, stats: String? = nil,
        tags: [String: String]? = nil
    ) {
        self.path = path
        self.deletionTimestamp = deletionTimestamp
        self.dataChange = dataChange
        self.extendedFileMetadata = extendedFileMetadata
        self.partitionValues = partitionValues
        self.size = size
        self.stats = stats
        self.tags = tags
    }

    public var relativePath: String { DeltaPathEncoding.decode(path) }

    public var numRecords: Int64? {
        guard let stats, case let .object(members)? = try? DeltaJSON.parse(stats) else { return nil }
        return members["numRecords"]?.int64Value
    }
}
