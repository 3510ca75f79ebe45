/// What vacuum deleted (or, in a dry run, would delete).
public struct DeltaVacuumResult: Sendable, Equatable {
    /// Paths relative to the table root, sorted.
    public var files: [String]
    /// Bytes of each of `files`, in the same order.
    public var sizes: [Int64]
    public var dryRun: Bool
    /// The VACUUM commit recording the deletion; nil for dry runs and no-ops.
    public var commitVersion: Int64?
}

extension DeltaTable {
    /// Deletes files no version within `retention` references.
    ///
    /// Kept: every file of the latest version; every file of any version that was
    /// current at some point in the last `retention` (the snapshot at the newest
    /// version committed before the cutoff, plus every file added after it); and
    /// any file the log never referenced that was modified after the cutoff — it
    /// may belong to a writer that has not committed yet. Hidden and `_`-prefixed paths
    /// (`_delta_log`, `_change_data`, …) are never touched, nor are symlinks.
    /// Stale commit temp files left in `_delta_log` by crashed writers go too.
    ///
    /// `keep` (paths relative to the root) protects files a commit prepared but not
    /// yet published will add. `recordInLog: false` deletes without a VACUUM commit,
    /// for a caller that keeps every commit of the table elsewhere as well (a lake's
    /// run manifests) and must not see versions it did not make.
    @discardableResult
    public func vacuum(retention: Duration = .seconds(7 * 24 * 3600), dryRun: Bool = false, keep extra: Set<String> = [],
                       recordInLog: Bool = true) throws(DeltaError) -> DeltaVacuumResult {
        guard retention >= .zero else { throw .invalidArgument(table: path, reason: "vacuum retention must not be negative") }
        let log = self.log
        let now = deltaNowMillis()
        let cutoff = now - retention.deltaMillis
        let latest = try snapshot()
        var keep = Set(latest.files.map(\.relativePath)).union(extra)

        // Walk back from the latest version; every add after the boundary is
        // referenced by some version inside the window.
        let listing = try log.list()
        var boundary: Int64?
        for version in listing.commits.reversed() where version <= latest.version {
            let actions = try log.readCommit(version)
            if try log.commitTimestamp(version, actions: actions) <= cutoff {
                boundary = version
                break
            }
            for case let .add(a) in actions { keep.insert(a.relativePath) }
        }
        // No commit before the cutoff: the oldest reconstructible state is in the window too.
        let oldest = boundary ?? ([listing.commits.first, listing.checkpoints.first].compactMap { $0 }.min() ?? latest.version)
        if oldest != latest.version {
            for add in try snapshot(version: oldest).files { keep.insert(add.relativePath) }
        }

        // A file the log removed is judged by the versions above, not by its age
        // on disk; only files the log never knew need the mtime guard.
        let tombstoned = Set(latest.tombstones.map(\.relativePath))
        var doomed: [(path: String, size: Int64)] = []
        try collect(directory: path, relative: "", into: &doomed) { rel, modified in
            !keep.contains(rel) && (tombstoned.contains(rel) || modified <= cutoff)
        }
        for name in try log.io.list(log.directory)
        where name.hasPrefix(DeltaLogPaths.tempPrefix) && name.hasSuffix(DeltaLogPaths.tempSuffix) {
            let full = log.directory + "/" + name
            if let st = try log.io.status(full), st.isRegular, st.modificationTime <= cutoff {
                doomed.append((DeltaLogPaths.logDirectory + "/" + name, st.size))
            }
        }
        doomed.sort { $0.path < $1.path }
        let files = doomed.map(\.path), sizes = doomed.map(\.size)
        guard !dryRun, !doomed.isEmpty else {
            return DeltaVacuumResult(files: files, sizes: sizes, dryRun: dryRun, commitVersion: nil)
        }

        // Empty partition directories stay: removing one could race a writer
        // that has just created it and is about to write a file into it.
        for file in files { try log.io.remove(path + "/" + file) }
        guard recordInLog else { return DeltaVacuumResult(files: files, sizes: sizes, dryRun: false, commitVersion: nil) }
        let result = try commitActions(
            [], removes: [], operation: DeltaOperation(name: "VACUUM", parameters: ["retentionMillis": String(retention.deltaMillis)]),
            metrics: ["numDeletedFiles": String(doomed.count)], readVersion: latest.version, scope: .nothing,
            checkpointInterval: checkpointInterval(latest.metadata)
        )
        return DeltaVacuumResult(files: files, sizes: sizes, dryRun: false, commitVersion: result.version)
    }

    private func collect(
        directory: String, relative: String, into out: inout [(path: String, size: Int64)], _ doomed: (String, Int64) -> Bool
    ) throws(DeltaError) {
        let io = log.io
        for name in try io.list(directory).sorted() where !name.hasPrefix("_") && !name.hasPrefix(".") {
            let rel = relative.isEmpty ? name : relative + "/" + name
            let full = directory + "/" + name
            guard let st = try io.status(full) else { continue }
            if st.isDirectory {
                try collect(directory: full, relative: rel, into: &out, doomed)
            } else if st.isRegular, doomed(rel, st.modificationTime) {
                out.append((rel, st.size))
            }
        }
    }
}
