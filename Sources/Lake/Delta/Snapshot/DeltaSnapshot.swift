import Columns

/// The state of a table at one version: protocol, metadata and the live files.
/// Immutable; obtain one from `DeltaTable.snapshot(version:)`.
public struct DeltaSnapshot: Sendable, Equatable {
    /// The table root.
    public let table: String
    public let version: Int64
    /// Commit time of `version` in milliseconds since the epoch (0 if unknown).
    public let timestamp: Int64
    public let `protocol`: DeltaProtocolAction
    public let metadata: DeltaMetadataAction
    public let schema: Schema
    /// Live data files, sorted by path.
    public let files: [DeltaAddFile]
    /// Files removed at or before this version and not re-added, sorted by path.
    public let tombstones: [DeltaRemoveFile]

    public var partitionColumns: [String] { metadata.partitionColumns }

    /// Total rows in live files whose stats record a count.
    public var numRecords: Int64 { files.reduce(0) { $0 + ($1.numRecords ?? 0) } }

    /// Live files whose partition values match every column named in `spec`.
    public func files(matching spec: [String: DeltaValue?]) -> [DeltaAddFile] {
        let serialized = DeltaPartitionValues.serialize(spec)
        return files.filter { $0.partitionValues.matches(serialized) }
    }

    /// A live file as the typed descriptor a reader plans with: decoded path,
    /// typed partition values and stats.
    public func dataFile(_ add: DeltaAddFile) throws(DeltaError) -> DeltaDataFile {
        var values: [String: DeltaValue?] = [:]
        for column in partitionColumns {
            guard let field = schema.fields.first(where: { $0.name == column }) else {
                throw .corruptLog(table: table, file: DeltaLogPaths.commitName(version),
                                  reason: "partition column \(column) is not in the schema")
            }
            do {
                values[column] = try DeltaValue.parsePartition(add.partitionValues[column] ?? nil, as: field.type)
            } catch {
                throw .corruptLog(table: table, file: add.relativePath,
                                  reason: "partition value \(error.text) of \(column) is not a \(error.type)")
            }
        }
        let stats = add.parsedStats(schema: schema) ?? DeltaFileStats(numRecords: add.numRecords ?? 0)
        return DeltaDataFile(path: add.relativePath, partitionValues: values, size: add.size,
                             stats: stats, modificationTime: add.modificationTime)
    }

    /// All live files as typed descriptors.
    public func dataFiles() throws(DeltaError) -> [DeltaDataFile] {
        var out: [DeltaDataFile] = []
        out.reserveCapacity(files.count)
        for add in files { out.append(try dataFile(add)) }
        return out
    }
}
