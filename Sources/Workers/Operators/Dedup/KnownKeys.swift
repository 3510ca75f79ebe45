import Columns

/// A set of keys seen in an earlier run (e.g. the keys already in silver), for
/// incremental dedup: new rows whose key is in the set are duplicates.
///
/// Immutable once built and Sendable, so one set can serve all dedup partitions.
public struct KnownKeys: Sendable {
    public let keyTypes: [ColumnType]
    private var table = KeyHashTable()

    /// An empty set for keys of these types.
    public init(keyTypes: [ColumnType]) {
        self.keyTypes = keyTypes
    }

    /// The keys found in columns `keys` of `batches`.
    public init(batches: [RecordBatch], keys: [String], schema: Schema) throws {
        let indices = try schema.indices(of: keys)
        self.init(keyTypes: indices.map { schema.fields[$0].type })
        for batch in batches { try insert(batch, keys: keys) }
    }

    public var count: Int { table.count }

    /// Adds the keys in columns `keys` of `batch` (types must match `keyTypes`).
    public mutating func insert(_ batch: RecordBatch, keys: [String]) throws {
        let encoder = try RowEncoder(schema: batch.schema, columns: keys)
        guard encoder.fields.map(\.type) == keyTypes else {
            throw OperatorError.invalidArgument("known keys are \(keyTypes), batch keys are \(encoder.fields.map(\.type))")
        }
        let encoded = try encoder.encode(batch)
        for row in 0 ..< encoded.count {
            let hash = encoded.hash(row)
            _ = encoded.withRow(row) { table.findOrInsert($0, hash: hash) }
        }
    }

    /// For each row of `batch`, whether its key (columns `keys`) is in the set.
    public func contains(rowsOf batch: RecordBatch, keys: [String]) throws -> [Bool] {
        guard count > 0 else { return [Bool](repeating: false, count: batch.rowCount) }
        let encoder = try RowEncoder(schema: batch.schema, columns: keys)
        guard encoder.fields.map(\.type) == keyTypes else {
            throw OperatorError.invalidArgument("known keys are \(keyTypes), batch keys are \(encoder.fields.map(\.type))")
        }
        let encoded = try encoder.encode(batch)
        return (0 ..< encoded.count).map { row in
            let hash = encoded.hash(row)
            return encoded.withRow(row) { contains($0, hash: hash) }
        }
    }

    /// Whether the encoded key (from a `RowEncoder` over columns of `keyTypes`) is in the set.
    func contains(_ key: UnsafeRawBufferPointer, hash: UInt64) -> Bool {
        table.find(key, hash: hash) != nil
    }
}
