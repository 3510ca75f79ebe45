import Columns

/// Action reconciliation: folds actions, oldest first, into table state. The
/// newest protocol and metadata win; a path's newest add or remove wins.
struct DeltaLogReplay {
    var `protocol`: DeltaProtocolAction?
    var metadata: DeltaMetadataAction?
    /// Keyed by decoded path, so "a%20b" and "a b" are the same file.
    var adds: [String: DeltaAddFile] = [:]
    var removes: [String: DeltaRemoveFile] = [:]

    mutating func apply(_ actions: [DeltaAction]) {
        for action in actions {
            switch action {
            case let .protocol(p): self.protocol = p
            case let .metaData(m): metadata = m
            case let .add(a):
                let key = a.relativePath
                adds[key] = a
                removes[key] = nil
            case var .remove(r):
                let key = r.relativePath
                adds[key] = nil
                // Tombstones serve vacuum only; checkpoints drop their stats and
                // tags, so JSON replay does too and both give equal snapshots.
                r.stats = nil
                r.tags = nil
                removes[key] = r
            case .commitInfo, .other: break
            }
        }
    }

    func snapshot(table: String, version: Int64, timestamp: Int64, file: String) throws(DeltaError) -> DeltaSnapshot {
        guard let p = self.protocol else {
            throw .corruptLog(table: table, file: file, reason: "no protocol action up to version \(version)")
        }
        guard let metadata else {
            throw .corruptLog(table: table, file: file, reason: "no metaData action up to version \(version)")
        }
        guard p.minReaderVersion <= DeltaProtocolAction.supportedReaderVersion else {
            throw .unsupported(table: table, reason: "version \(version) needs Delta reader version "
                + "\(p.minReaderVersion); this engine reads version \(DeltaProtocolAction.supportedReaderVersion)")
        }
        let schema: Schema
        do { schema = try DeltaSchemaString.decode(metadata.schemaString) } catch {
            throw .unsupported(table: table, reason: "schema at version \(version): \(error)")
        }
        return DeltaSnapshot(
            table: table, version: version, timestamp: timestamp, protocol: p, metadata: metadata, schema: schema,
            files: adds.values.sorted { $0.path < $1.path },
            tombstones: removes.values.sorted { $0.path < $1.path }
        )
    }

    /// The reconciled state as actions, the content of a checkpoint.
    var actions: [DeltaAction] {
        var out: [DeltaAction] = []
        if let p = self.protocol { out.append(.protocol(p)) }
        if let metadata { out.append(.metaData(metadata)) }
        out += adds.values.sorted { $0.path < $1.path }.map(DeltaAction.add)
        out += removes.values.sorted { $0.path < $1.path }.map(DeltaAction.remove)
        return out
    }
}
