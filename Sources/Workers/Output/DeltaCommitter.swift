import Lake
import Columns

/// Publishes files a `PartitionedWriter` wrote in place (Parquet) as one Delta
/// commit: the log entry is the single step that makes them visible.
public struct DeltaCommitter: Sendable {
    public enum Mode: Sendable, Equatable {
        case append
        /// Replace every live file.
        case overwrite
        /// Replace the files of exactly the partitions the new files belong to
        /// (plus `alsoReplace`, partitions that become empty).
        case replacePartitions(alsoReplace: [[PartitionValue]] = [])
    }

    public let table: DeltaTable
    public let schema: Schema
    public let partitionColumns: [String]

    /// Opens `path`, creating an empty table with `schema` if it does not exist yet.
    /// An existing table must have the same schema and partitioning.
    public init(path: String, schema: Schema, partitionColumns: [String] = []) throws {
        if DeltaTable(path: path).exists {
            table = DeltaTable(path: path)
            let current = try table.snapshot()
            guard current.schema.fields.map(\.name) == schema.fields.map(\.name),
                  current.schema.fields.map(\.type) == schema.fields.map(\.type),
                  current.partitionColumns == partitionColumns else {
                throw OutputError.schemaMismatch(table: path, existing: current.schema, writing: schema)
            }
        } else {
            table = try DeltaTable.create(at: path, schema: schema, partitionColumns: partitionColumns)
        }
        self.schema = schema
        self.partitionColumns = partitionColumns
    }

    /// Commits `files` (written under the table directory) and returns the new version.
    @discardableResult
    public func commit(_ files: [WrittenFile], mode: Mode, metrics: [String: String] = [:]) throws -> Int64 {
        let adds = try files.map(dataFile)
        let result: DeltaCommitResult
        switch mode {
        case .append:
            result = try table.append(adds, metrics: metrics)
        case .overwrite:
            result = try table.overwrite(with: adds, metrics: metrics)
        case let .replacePartitions(extra):
            var keys: [[PartitionValue]] = files.map(\.partitionValues) + extra
            keys = Array(Set(keys)).sorted { PartitionPath.folder($0) < PartitionPath.folder($1) }
            let partitions = try keys.map(deltaPartition)
            result = try table.replacePartitions(partitions, with: adds, metrics: metrics)
        }
        return result.version
    }

    func dataFile(_ file: WrittenFile) throws -> DeltaDataFile {
        try Self.dataFile(file, tableRoot: table.path, schema: schema)
    }

    /// The Delta `add` description of a file written under `tableRoot`: Parquet files
    /// carry their statistics, other formats just rows and size.
    public static func dataFile(_ file: WrittenFile, tableRoot: String, schema: Schema) throws -> DeltaDataFile {
        let values = try partitionValues(file.partitionValues, schema: schema)
        guard let info = file.summary as? ParquetFileInfo else {
            return DeltaDataFile(path: file.path, partitionValues: values, size: Int64(file.bytes), numRecords: Int64(file.rows))
        }
        return try DeltaDataFile(parquet: info, tableRoot: tableRoot, partitionValues: values)
    }

    func deltaPartition(_ values: [PartitionValue]) throws -> [String: DeltaValue?] {
        try Self.partitionValues(values, schema: schema)
    }

    /// Folder values typed by the schema, as the Delta log records them.
    public static func partitionValues(_ values: [PartitionValue], schema: Schema) throws -> [String: DeltaValue?] {
        var out: [String: DeltaValue?] = [:]
        for value in values {
            guard let field = schema.fields.first(where: { $0.name == value.column }) else {
                throw OutputError.unknownPartitionColumn(value.column)
            }
            out[value.column] = try DeltaValue.parsePartition(value.value, as: field.type)
        }
        return out
    }
}
