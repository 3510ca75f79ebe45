/// The commit primitive: optimistic concurrency over put-if-absent commit files.
extension DeltaTable {
    /// Commits `adds` and `removes` as one new version.
    ///
    /// - readVersion: the version the transaction's decisions were based on
    ///   (default: the latest now — right for blind appends).
    /// - readScope: what the transaction read; decides which concurrent commits
    ///   conflict (default: nothing for pure appends, else the partitions of the
    ///   removed files, or the whole table when unpartitioned).
    ///
    /// On losing a race the winners' commits are checked against the scope: if
    /// none touches what this transaction read or removes, it retries at the
    /// next version; otherwise it throws `concurrentModification`.
    @discardableResult
    public func commit(
        adds: [DeltaDataFile], removes: [DeltaRemoveFile], operation: DeltaOperation,
        metrics: [String: String] = [:], readVersion: Int64? = nil, readScope: DeltaReadScope? = nil
    ) throws(DeltaError) -> DeltaCommitResult {
        try commit(on: try snapshot(version: readVersion), adds: adds, removes: removes, operation: operation,
                   metrics: metrics, readScope: readScope)
    }

    /// `commit` against an already loaded snapshot (the operations load one anyway).
    func commit(
        on base: DeltaSnapshot, adds: [DeltaDataFile], removes: [DeltaRemoveFile], operation: DeltaOperation,
        metrics: [String: String], readScope: DeltaReadScope?
    ) throws(DeltaError) -> DeltaCommitResult {
        try checkWritable(base, removes: removes, operation: operation)
        try validate(files: adds, schema: base.schema, partitionColumns: base.partitionColumns)
        let scope = readScope ?? defaultScope(removes: removes, partitioned: !base.partitionColumns.isEmpty)
        let addActions = adds.map { DeltaAddFile(file: $0, modificationTime: deltaNowMillis()) }
        var allMetrics = DeltaTable.metrics(adds: adds, removes: removes)
        allMetrics.merge(metrics) { _, caller in caller }
        return try commitActions(
            addActions.map(DeltaAction.add), removes: removes, operation: operation, metrics: allMetrics,
            readVersion: base.version, scope: scope, checkpointInterval: checkpointInterval(base.metadata)
        )
    }

    /// Whether this engine may write on `base` and remove `removes` from it.
    func checkWritable(_ base: DeltaSnapshot, removes: [DeltaRemoveFile], operation: DeltaOperation) throws(DeltaError) {
        guard base.protocol.minWriterVersion <= DeltaProtocolAction.supportedWriterVersion else {
            throw .unsupported(table: path, reason: "version \(base.version) needs Delta writer version "
                + "\(base.protocol.minWriterVersion); this engine writes version \(DeltaProtocolAction.supportedWriterVersion)")
        }
        // delta.appendOnly is a writer-version-2 feature: such tables never lose files.
        if !removes.isEmpty, base.metadata.configuration["delta.appendOnly"]?.lowercased() == "true" {
            throw .invalidArgument(table: path, reason: "the table is append-only (delta.appendOnly = true); "
                + "\(operation.name) would remove \(removes.count) files")
        }
    }

    func defaultScope(removes: [DeltaRemoveFile], partitioned: Bool) -> DeltaReadScope {
        if removes.isEmpty { return .nothing }
        guard partitioned else { return .wholeTable }
        // A remove without partition values (another engine's) cannot be scoped.
        var specs: [DeltaPartitionValues] = []
        for remove in removes {
            guard let values = remove.partitionValues else { return .wholeTable }
            if !specs.contains(values) { specs.append(values) }
        }
        return .partitions(specs)
    }

    /// The retry loop. `actions` are the add (and other non-remove) actions.
    func commitActions(
        _ actions: [DeltaAction], removes: [DeltaRemoveFile], operation: DeltaOperation,
        metrics: [String: String], readVersion: Int64, scope: DeltaReadScope, checkpointInterval: Int
    ) throws(DeltaError) -> DeltaCommitResult {
        let log = self.log
        var version = readVersion + 1
        var attempts = 0
        let blind = removes.isEmpty && scope == .nothing
        while true {
            attempts += 1
            let info = DeltaCommitInfo(
                timestamp: deltaNowMillis(), operation: operation.name, operationParameters: operation.parameters,
                operationMetrics: metrics, readVersion: readVersion, isBlindAppend: blind
            )
            let all = [DeltaAction.commitInfo(info)] + removes.map(DeltaAction.remove) + actions
            if try log.writeCommit(version, actions: all) {
                return finish(version: version, attempts: attempts, interval: checkpointInterval)
            }
            // Lost the race for `version`: judge every commit that got in first.
            guard attempts < options.maxCommitAttempts else {
                throw .concurrentModification(table: path, readVersion: readVersion, conflictingVersion: version,
                                              reason: "gave up after \(attempts) attempts lost to concurrent commits")
            }
            let latest = try log.list().latestCommit ?? version
            var winner = version
            while winner <= latest {
                try checkConflict(winner: winner, actions: try log.readCommit(winner), ours: actions,
                                  removes: removes, scope: scope, readVersion: readVersion)
                winner += 1
            }
            version = max(latest + 1, version + 1)
        }
    }

    /// The handle's interval, else the table's `delta.checkpointInterval`, else 10.
    func checkpointInterval(_ metadata: DeltaMetadataAction) -> Int {
        options.checkpointInterval
            ?? metadata.configuration["delta.checkpointInterval"].flatMap { Int($0) }
            ?? DeltaTableOptions.defaultCheckpointInterval
    }

    private func finish(version: Int64, attempts: Int, interval: Int) -> DeltaCommitResult {
        var result = DeltaCommitResult(version: version, attempts: attempts, checkpointed: false, checkpointError: nil)
        let interval = Int64(interval)
        guard interval > 0, version > 0, version % interval == 0 else { return result }
        do {
            try checkpoint(version: version)
            result.checkpointed = true
        } catch {
            result.checkpointError = error
        }
        return result
    }

    private func checkConflict(
        winner version: Int64, actions winner: [DeltaAction], ours: [DeltaAction], removes: [DeltaRemoveFile],
        scope: DeltaReadScope, readVersion: Int64
    ) throws(DeltaError) {
        func conflict(_ reason: String) -> DeltaError {
            .concurrentModification(table: path, readVersion: readVersion, conflictingVersion: version, reason: reason)
        }
        let removing = Set(removes.map(\.relativePath))
        var adding = Set<String>()
        for case let .add(a) in ours { adding.insert(a.relativePath) }

        for action in winner {
            switch action {
            case .metaData:
                throw conflict("it changed the table metadata (schema, partitioning or configuration)")
            case .protocol:
                throw conflict("it changed the table protocol")
            case let .remove(r):
                if removing.contains(r.relativePath) {
                    throw conflict("it already removed \(r.relativePath), which this transaction also removes")
                }
                if r.dataChange, touches(scope, r.partitionValues) {
                    throw conflict("it removed \(r.relativePath) from data this transaction read")
                }
            case let .add(a):
                if adding.contains(a.relativePath) {
                    throw conflict("it added \(a.relativePath), which this transaction also adds")
                }
                if a.dataChange, touches(scope, a.partitionValues) {
                    throw conflict("it added \(a.relativePath) to data this transaction read")
                }
            case .commitInfo, .other:
                break
            }
        }
    }

    /// Whether a file with these partition values lies in what `scope` read.
    private func touches(_ scope: DeltaReadScope, _ values: DeltaPartitionValues?) -> Bool {
        switch scope {
        case .nothing: false
        case .wholeTable: true
        case let .partitions(specs):
            // Unknown partition values (a foreign remove) are assumed to overlap.
            values.map { v in specs.contains { v.matches($0) } } ?? true
        }
    }

    /// operationMetrics every commit records; Spark's names, as strings.
    static func metrics(adds: [DeltaDataFile], removes: [DeltaRemoveFile]) -> [String: String] {
        var m: [String: String] = [
            "numFiles": String(adds.count),
            "numAddedFiles": String(adds.count),
            "numRemovedFiles": String(removes.count),
            "numOutputRows": String(adds.reduce(Int64(0)) { $0 + $1.numRecords }),
            "numOutputBytes": String(adds.reduce(Int64(0)) { $0 + $1.size }),
        ]
        let removedRows = removes.compactMap(\.numRecords)
        if !removes.isEmpty, removedRows.count == removes.count {
            m["numRemovedRows"] = String(removedRows.reduce(0, +))
        }
        let removedBytes = removes.compactMap(\.size)
        if !removes.isEmpty { m["numRemovedBytes"] = String(removedBytes.reduce(0, +)) }
        return m
    }
}
