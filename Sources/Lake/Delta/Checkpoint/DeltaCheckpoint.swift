/// Writing and reading classic single-file checkpoints
/// (`NNN.checkpoint.parquet`) and the `_last_checkpoint` pointer.
enum DeltaCheckpoint {
    static let createdBy = "medallion/0.1 (delta checkpoint writer)"

    /// Writes the checkpoint for `version` from its reconciled actions, then
    /// points `_last_checkpoint` at it (unless that already names a newer one).
    /// Both are written to a temp file and renamed, so a reader never sees a
    /// partial checkpoint; two writers of the same version write identical content.
    static func write(log: DeltaLog, version: Int64, actions: [DeltaAction]) throws(DeltaError) {
        let rows = CheckpointRows.rows(actions)
        let bytes = CheckpointParquetWriter.write(rows: rows, schema: CheckpointRows.schema, createdBy: createdBy)
        try log.io.replace(bytes, directory: log.directory, name: DeltaLogPaths.checkpointName(version))
        try writePointer(log: log, version: version, rows: rows.count, bytes: bytes.count, actions: actions, force: false)
    }

    /// Points `_last_checkpoint` at `version` (unless it names a newer one and not `force`).
    static func writePointer(log: DeltaLog, version: Int64, actions: [DeltaAction], force: Bool) throws(DeltaError) {
        let size = (try? log.io.status(log.directory + "/" + DeltaLogPaths.checkpointName(version)))?.size ?? 0
        try writePointer(log: log, version: version, rows: actions.count, bytes: Int(size), actions: actions, force: force)
    }

    private static func writePointer(log: DeltaLog, version: Int64, rows: Int, bytes: Int, actions: [DeltaAction],
                                     force: Bool) throws(DeltaError) {
        if !force, let existing = try? readLast(log: log), existing.version > version { return }
        let adds = actions.reduce(Int64(0)) { count, action in
            if case .add = action { count + 1 } else { count }
        }
        let pointer = DeltaLastCheckpoint(
            version: version, size: Int64(rows), sizeInBytes: Int64(bytes), numOfAddFiles: adds
        )
        let encoded: [UInt8]
        do { encoded = try pointer.encoded() } catch {
            throw .invalidArgument(table: log.table, reason: "cannot encode _last_checkpoint: \(error)")
        }
        try log.io.replace(encoded, directory: log.directory, name: DeltaLogPaths.lastCheckpoint)
    }

    static func read(log: DeltaLog, version: Int64) throws(DeltaError) -> [DeltaAction] {
        let name = DeltaLogPaths.checkpointName(version)
        let bytes = try log.io.read(log.directory + "/" + name)
        do {
            let rows = try CheckpointParquetReader.read(bytes, schema: CheckpointRows.schema)
            return try CheckpointRows.actions(rows)
        } catch {
            throw .corruptLog(table: log.table, file: DeltaLogPaths.logDirectory + "/" + name, reason: "\(error)")
        }
    }

    static func readLast(log: DeltaLog) throws(DeltaError) -> DeltaLastCheckpoint? {
        let path = log.directory + "/" + DeltaLogPaths.lastCheckpoint
        guard let bytes = try log.io.readIfExists(path) else { return nil }
        do { return try DeltaLastCheckpoint.decode(bytes) } catch {
            throw .corruptLog(table: log.table, file: DeltaLogPaths.logDirectory + "/" + DeltaLogPaths.lastCheckpoint,
                              reason: JSONDamage.inDocument(bytes) ?? JSONDamage.describe(error))
        }
    }
}
