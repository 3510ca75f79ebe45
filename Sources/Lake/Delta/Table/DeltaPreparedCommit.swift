import Foundation
import Columns

/// A commit computed now and published later.
///
/// Delta commits one table at a time. A lake that must change several tables as one
/// (a pipeline run) prepares every table's next commit, records them all durably in
/// one place (its commit point), and only then publishes them; a process that dies
/// while publishing is rolled forward by publishing the rest. `contents` are the
/// exact bytes of the commit file, so publishing twice is harmless and detectable.
public struct DeltaPreparedCommit: Sendable, Equatable, Codable {
    /// The version the commit file will have.
    public var version: Int64
    /// The commit file: newline-delimited JSON actions.
    public var contents: String

    public init(version: Int64, contents: String) {
        self.version = version
        self.contents = contents
    }
}

extension DeltaTable {
    /// The commit `write` would make as the next version, without making it. Only
    /// meaningful while the caller keeps other writers out (a lake lock): publishing
    /// fails if the version was taken in between.
    ///
    /// `addingColumns`: nullable columns appended to the table's schema by this commit
    /// (Delta schema evolution: a metaData action with the wider schema; files written
    /// before read the new columns as NULL).
    public func prepare(_ write: DeltaWrite, metrics: [String: String] = [:],
                        addingColumns: [Field] = []) throws(DeltaError) -> DeltaPreparedCommit {
        let base = try snapshot()
        let plan = try plan(write, on: base)
        try checkWritable(base, removes: plan.removes, operation: plan.operation)
        var schema = base.schema
        var evolved: DeltaMetadataAction?
        if !addingColumns.isEmpty {
            for field in addingColumns where !field.nullable || base.schema.index(of: field.name) != nil {
                throw .invalidArgument(table: path, reason: "column \(field.name) cannot be added: "
                    + (field.nullable ? "the table has it already" : "an added column must be nullable"))
            }
            schema = Schema(base.schema.fields + addingColumns)
            try validate(schema: schema, partitionColumns: base.partitionColumns)
            var metadata = base.metadata
            metadata.schemaString = DeltaSchemaString.encode(schema)
            evolved = metadata
        }
        try validate(files: plan.adds, schema: schema, partitionColumns: base.partitionColumns)
        let now = deltaNowMillis()
        var allMetrics = DeltaTable.metrics(adds: plan.adds, removes: plan.removes)
        allMetrics.merge(metrics) { _, caller in caller }
        let info = DeltaCommitInfo(
            timestamp: now, operation: plan.operation.name, operationParameters: plan.operation.parameters,
            operationMetrics: allMetrics, readVersion: base.version,
            isBlindAppend: plan.removes.isEmpty && plan.scope == .nothing
        )
        let actions = [DeltaAction.commitInfo(info)] + (evolved.map { [DeltaAction.metaData($0)] } ?? [])
            + plan.removes.map(DeltaAction.remove)
            + plan.adds.map { DeltaAction.add(DeltaAddFile(file: $0, modificationTime: now)) }
        return try encode(version: base.version + 1, actions)
    }

    /// Version 0 of a new table (protocol, metadata and `files`), without writing it.
    public static func prepareCreate(
        at path: String, schema: Schema, partitionColumns: [String] = [], configuration: [String: String] = [:],
        files: [DeltaDataFile] = [], metrics: [String: String] = [:], options: DeltaTableOptions = DeltaTableOptions()
    ) throws(DeltaError) -> DeltaPreparedCommit {
        let table = DeltaTable(path: path, options: options)
        try table.validate(schema: schema, partitionColumns: partitionColumns)
        try table.validate(files: files, schema: schema, partitionColumns: partitionColumns)
        let now = deltaNowMillis()
        let metadata = DeltaMetadataAction(
            id: UUID().uuidString.lowercased(), schemaString: DeltaSchemaString.encode(schema),
            partitionColumns: partitionColumns, configuration: configuration, createdTime: now
        )
        let operation: DeltaOperation = files.isEmpty
            ? .createTable(partitionBy: partitionColumns)
            : .write(mode: "ErrorIfExists", partitionBy: partitionColumns)
        var allMetrics = DeltaTable.metrics(adds: files, removes: [])
        allMetrics.merge(metrics) { _, caller in caller }
        let info = DeltaCommitInfo(timestamp: now, operation: operation.name, operationParameters: operation.parameters,
                                   operationMetrics: allMetrics, isBlindAppend: true)
        let actions: [DeltaAction] = [.commitInfo(info), .protocol(.current), .metaData(metadata)]
            + files.map { DeltaAction.add(DeltaAddFile(file: $0, modificationTime: now)) }
        return try table.encode(version: 0, actions)
    }

    /// Writes the prepared commit file (put-if-absent). Returns false when the very
    /// same commit is already there (a roll-forward repeating a publish); throws
    /// `concurrentModification` when another commit took the version.
    @discardableResult
    public func publish(_ commit: DeltaPreparedCommit) throws(DeltaError) -> Bool {
        let log = self.log
        try log.io.makeDirectory(log.directory)
        let bytes = Array(commit.contents.utf8)
        if try log.io.createExclusive(bytes, directory: log.directory, name: DeltaLogPaths.commitName(commit.version)) {
            checkpointIfDue(commit.version)
            return true
        }
        if try log.io.readIfExists(log.commitPath(commit.version)) == bytes { return false }
        throw .concurrentModification(table: path, readVersion: commit.version - 1, conflictingVersion: commit.version,
                                      reason: "another writer committed version \(commit.version) after it was prepared")
    }

    /// True when the commit file of `commit.version` holds exactly `commit`.
    public func isPublished(_ commit: DeltaPreparedCommit) throws(DeltaError) -> Bool {
        try log.io.readIfExists(log.commitPath(commit.version)) == Array(commit.contents.utf8)
    }

    private func encode(version: Int64, _ actions: [DeltaAction]) throws(DeltaError) -> DeltaPreparedCommit {
        do {
            return DeltaPreparedCommit(version: version, contents: try DeltaAction.encode(actions))
        } catch {
            throw .invalidArgument(table: path, reason: "cannot encode commit \(version): \(error)")
        }
    }

    /// Checkpoints on the table's interval; a failure is left for the next interval.
    private func checkpointIfDue(_ version: Int64) {
        guard version > 0, let metadata = try? snapshot(version: version).metadata else { return }
        let interval = Int64(checkpointInterval(metadata))
        guard interval > 0, version % interval == 0 else { return }
        try? checkpoint(version: version)
    }
}
