/// The `protocol` action: the reader/writer versions a client must implement.
/// This engine writes (1, 2): no table features, no column mapping, no
/// deletion vectors — the oldest versions every reader understands.
public struct DeltaProtocolAction: Codable, Sendable, Hashable {
    public var minReaderVersion: Int32
    public var minWriterVersion: Int32
    /// Only present for reader version 3 / writer version 7 tables.
    public var readerFeatures: [String]?
    public var writerFeatures: [String]?

    public init(minReaderVersion: Int32 = 1, minWriterVersion: Int32 = 2,
                readerFeatures: [String]? = nil, writerFeatures: [String]? = nil) {
        self.minReaderVersion = minReaderVersion
        self.minWriterVersion = minWriterVersion
        self.readerFeatures = readerFeatures
        self.writerFeatures = writerFeatures
    }

    /// What this engine writes for new tables.
    public static let current = DeltaProtocolAction()

    /// Highest versions this engine can read: it has no deletion-vector or
    /// column-mapping support, so reader version 1 only (2 and 3 add those).
    public static let supportedReaderVersion: Int32 = 1
    /// Writer version 2 adds column invariants, which the engine never sets; higher
    /// versions (check constraints, CDF, generated columns…) it cannot honour.
    public static let supportedWriterVersion: Int32 = 2
}
