/// The `metaData` action: table id, schema, partitioning and configuration.
public struct DeltaMetadataAction: Codable, Sendable, Hashable {
    public struct Format: Codable, Sendable, Hashable {
        public var provider: String
        public var options: [String: String]

        public init(provider: String = "parquet", options: [String: String] = [:]) {
            self.provider = provider
            self.options = options
        }
    }

    /// A GUID, written lower-case as Spark does.
    public var id: String
    public var name: String?
    public var description: String?
    public var format: Format
    /// The table schema in Spark's JSON form (see `DeltaSchemaString`).
    public var schemaString: String
    public var partitionColumns: [String]
    public var configuration: [String: String]
    /// Milliseconds since the epoch.
    public var createdTime: Int64?

    public init(
        id: String, name: String? = nil, description: String? = nil, format: Format = Format(),
        schemaString: String, partitionColumns: [String], configuration: [String: String] = [:],
        createdTime: Int64?
    ) {
        self.id = id
        self.name = name
        self.description = description
        self.format = format
        self.schemaString = schemaString
        self.partitionColumns = partitionColumns
        self.configuration = configuration
        self.createdTime = createdTime
    }
}
