/// Builds snapshots: the newest usable checkpoint at or below the target, then
/// the JSON commits after it, in order and without gaps. The directory listing
/// (needed anyway to find the commits) is the authority on which checkpoints
/// exist; `_last_checkpoint` is only written, as the pointer other readers use.
struct DeltaSnapshotLoader {
    let log: DeltaLog
    var table: String { log.table }

    /// Latest committed version, nil when the directory holds no table.
    func latestVersion() throws(DeltaError) -> Int64? {
        let listing = try log.list()
        return [listing.commits.last, listing.checkpoints.last].compactMap { $0 }.max()
    }

    func load(version requested: Int64?) throws(DeltaError) -> DeltaSnapshot {
        let listing = try log.list()
        guard let latest = [listing.commits.last, listing.checkpoints.last].compactMap({ $0 }).max() else {
            throw .tableNotFound(table: table)
        }
        let target = requested ?? latest
        guard target >= 0, target <= latest else {
            throw .versionNotFound(table: table, version: target, latest: latest)
        }
        let commits = Set(listing.commits)

        // Newest first; a checkpoint that fails to read falls back to an older one
        // (or to full replay), as a half-written or foreign checkpoint must not
        // make the table unreadable while its JSON commits are still there.
        var candidates = listing.checkpoints.filter { $0 <= target }.reversed().map(Optional.some)
        candidates.append(nil)
        var firstError: DeltaError?
        for checkpoint in candidates {
            var replay = DeltaLogReplay()
            var start: Int64 = 0
            if let checkpoint {
                do {
                    replay.apply(try DeltaCheckpoint.read(log: log, version: checkpoint))
                } catch {
                    firstError = firstError ?? error
                    continue
                }
                start = checkpoint + 1
            }
            // Without a checkpoint, replay needs every commit from 0.
            if start <= target, let missing = (start...target).first(where: { !commits.contains($0) }) {
                if checkpoint == nil, let firstError { throw firstError }
                throw .missingCommit(table: table, version: missing)
            }
            var timestamp: Int64 = 0
            if start <= target {
                for v in start...target {
                    let actions = try log.readCommit(v)
                    replay.apply(actions)
                    if v == target { timestamp = try log.commitTimestamp(v, actions: actions) }
                }
            } else if commits.contains(target), let actions = try? log.readCommit(target) {
                timestamp = try log.commitTimestamp(target, actions: actions)
            }
            let file = start <= target ? DeltaLogPaths.commitName(target) : DeltaLogPaths.checkpointName(target)
            return try replay.snapshot(table: table, version: target, timestamp: timestamp, file: file)
        }
        throw firstError ?? .tableNotFound(table: table)
    }
}
