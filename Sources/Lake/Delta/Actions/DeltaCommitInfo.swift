/// The `commitInfo` action: provenance of one commit — when, which operation,
/// with what parameters, and what it did (operationMetrics). Free-form in the
/// protocol, so decoding accepts other engines' shapes (delta-rs writes numeric
/// metrics; Spark writes strings) and keeps everything as text.
public struct DeltaCommitInfo: Codable, Sendable, Hashable {
    /// Milliseconds since the epoch.
    public var timestamp: Int64?
    /// "WRITE", "MERGE", "DELETE", "VACUUM", "CREATE TABLE", …
    public var operation: String?
    public var operationParameters: [String: String]
    /// Counts such as numFiles, numOutputRows, numAddedFiles, numRemovedFiles.
    public var operationMetrics: [String: String]
    public var engineInfo: String?
    /// The version this transaction read (absent for blind appends of other engines).
    public var readVersion: Int64?
    public var isBlindAppend: Bool?

    public static let engine = "medallion/0.1"

    public init(
        timestamp: Int64?, operation: String?, operationParameters: [String: String] = [:],
        operationMetrics: [String: String] = [:], engineInfo: String? = DeltaCommitInfo.engine,
        readVersion: Int64? = nil, isBlindAppend: Bool? = nil
    ) {
        self.timestamp = timestamp
        self.operation = operation
        self.operationParameters = operationParameters
        self.operationMetrics = operationMetrics
        self.engineInfo = engineInfo
        self.readVersion = readVersion
        self.isBlindAppend = isBlindAppend
    }

    enum CodingKeys: String, CodingKey {
        case timestamp, operation, operationParameters, operationMetrics, engineInfo, readVersion, isBlindAppend
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        timestamp = try? c.decodeIfPresent(Int64.self, forKey: .timestamp)
        operation = try? c.decodeIfPresent(String.self, forKey: .operation)
        operationParameters = ((try? c.decodeIfPresent([String: DeltaJSON].self, forKey: .operationParameters)) ?? nil)?
            .mapValues(\.plainText) ?? [:]
        operationMetrics = ((try? c.decodeIfPresent([String: DeltaJSON].self, forKey: .operationMetrics)) ?? nil)?
            .mapValues(\.plainText) ?? [:]
        engineInfo = try? c.decodeIfPresent(String.self, forKey: .engineInfo)
        readVersion = try? c.decodeIfPresent(Int64.self, forKey: .readVersion)
        isBlindAppend = try? c.decodeIfPresent(Bool.self, forKey: .isBlindAppend)
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encodeIfPresent(timestamp, forKey: .timestamp)
        try c.encodeIfPresent(operation, forKey: .operation)
        try c.encode(operationParameters, forKey: .operationParameters)
        try c.encode(operationMetrics, forKey: .operationMetrics)
        try c.encodeIfPresent(engineInfo, forKey: .engineInfo)
        try c.encodeIfPresent(readVersion, forKey: .readVersion)
        try c.encodeIfPresent(isBlindAppend, forKey: .isBlindAppend)
    }

    /// Rows this commit added, from whichever metric the writing engine used.
    public var rowsAdded: Int64? {
        metric("numOutputRows") ?? metric("num_added_rows") ?? metric("numTargetRowsInserted")
    }

    /// Rows this commit removed (deleted or rewritten away).
    public var rowsRemoved: Int64? {
        metric("numRemovedRows") ?? metric("numDeletedRows") ?? metric("num_deleted_rows")
            ?? metric("numTargetRowsDeleted")
    }

    public func metric(_ name: String) -> Int64? { operationMetrics[name].flatMap { Int64($0) } }
}
