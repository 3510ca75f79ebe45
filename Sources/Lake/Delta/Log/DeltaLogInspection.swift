import Foundation
import Files
import ObjectStorage

/// A table's `_delta_log` checked file by file, for tools that must tell a healthy
/// log from a damaged one and say which file is wrong: every commit decoded, gaps
/// found, every checkpoint read, `_last_checkpoint` followed.
public struct DeltaLogInspection: Sendable {
    public struct Commit: Sendable {
        public var version: Int64
        /// The file's bytes, to compare with a copy kept elsewhere.
        public var bytes: [UInt8]
        /// The decoded actions; nil when the file is damaged.
        public var actions: [DeltaAction]?
        /// Why the file does not decode (truncated, invalid JSON, …).
        public var damage: String?

        /// The commit's commitInfo, when it has one.
        public var commitInfo: DeltaCommitInfo? {
            for case let .commitInfo(info) in actions ?? [] { return info }
            return nil
        }
    }

    public struct Checkpoint: Sendable {
        public var version: Int64
        /// Why it cannot be read; nil when it reads.
        public var damage: String?
    }

    public enum LastCheckpoint: Sendable, Equatable {
        case absent
        /// Points at a checkpoint that exists and reads.
        case valid(version: Int64)
        /// Not valid JSON, or not the pointer's shape.
        case damaged(reason: String)
        /// Points at a checkpoint that is missing or unreadable.
        case dangling(version: Int64, reason: String)
    }

    /// The commit files present, oldest first.
    public var commits: [Commit]
    /// Versions between the first and the last commit file that have no file.
    public var missing: [Int64]
    public var checkpoints: [Checkpoint]
    public var lastCheckpoint: LastCheckpoint
    /// Temp files crashed writers left in the log (`_commit_*.tmp`).
    public var tempFiles: [String]

    public var latestCommit: Int64? { commits.last?.version }

    /// The newest checkpoint that reads, if any.
    public var newestReadableCheckpoint: Int64? { checkpoints.last { $0.damage == nil }?.version }

    /// True when nothing is wrong (temp files aside, which only waste space).
    public var isHealthy: Bool {
        missing.isEmpty && commits.allSatisfy { $0.damage == nil } && checkpoints.allSatisfy { $0.damage == nil }
            && { if case .damaged = lastCheckpoint { false } else if case .dangling = lastCheckpoint { false } else { true } }()
    }
}

extension DeltaTable {
    /// `_delta_log/<name>` of this table.
    public func logFilePath(_ name: String) -> String { log.directory + "/" + name }

    /// Reads and checks every file of the log. Throws only when the log cannot be
    /// listed or a file cannot be read at all (permissions, I/O).
    public func inspectLog() throws(DeltaError) -> DeltaLogInspection {
        let log = self.log
        let listing = try log.list()
        var commits: [DeltaLogInspection.Commit] = []
        for version in listing.commits {
            let bytes = try log.io.read(log.commitPath(version))
            do {
                let name = DeltaLogPaths.commitName(version)
                let actions = try DecodedCommitCache.shared.actions(path: log.commitPath(version), bytes: bytes) {
                    (bytes) throws(DeltaError) in try log.decodeCommit(bytes, name: name)
                }
                commits.append(.init(version: version, bytes: bytes, actions: actions, damage: nil))
            } catch {
                commits.append(.init(version: version, bytes: bytes, actions: nil, damage: Self.reason(error)))
            }
        }
        var missing: [Int64] = []
        if let first = listing.commits.first, let last = listing.commits.last, first < last {
            let present = Set(listing.commits)
            missing = (first ... last).filter { !present.contains($0) }
        }
        // A log that starts above 0 needs a checkpoint below its first commit.
        if let first = listing.commits.first, first > 0,
           !listing.checkpoints.contains(where: { $0 >= first - 1 && $0 < first }) {
            let covered = listing.checkpoints.filter { $0 < first }.max() ?? -1
            missing = Array((covered + 1) ..< first) + missing
        }
        var checkpoints: [DeltaLogInspection.Checkpoint] = []
        for version in listing.checkpoints {
            do {
                _ = try DeltaCheckpoint.read(log: log, version: version)
                checkpoints.append(.init(version: version, damage: nil))
            } catch {
                checkpoints.append(.init(version: version, damage: Self.reason(error)))
            }
        }
        let pointer: DeltaLogInspection.LastCheckpoint
        do {
            if let last = try DeltaCheckpoint.readLast(log: log) {
                if let checkpoint = checkpoints.first(where: { $0.version == last.version }) {
                    pointer = checkpoint.damage.map { .dangling(version: last.version, reason: $0) } ?? .valid(version: last.version)
                } else {
                    pointer = .dangling(version: last.version, reason: "\(DeltaLogPaths.checkpointName(last.version)) does not exist")
                }
            } else {
                pointer = .absent
            }
        } catch {
            if case .io = error { throw error }
            if case .store = error { throw error }
            pointer = .damaged(reason: Self.reason(error))
        }
        let temps = try log.io.list(log.directory)
            .filter { $0.hasPrefix(DeltaLogPaths.tempPrefix) && $0.hasSuffix(DeltaLogPaths.tempSuffix) }.sorted()
        return DeltaLogInspection(commits: commits, missing: missing, checkpoints: checkpoints, lastCheckpoint: pointer,
                                  tempFiles: temps)
    }

    /// Moves `_delta_log/<name>` to `target` (a full path on the same file system,
    /// its folder created), so a damaged or foreign entry stops being part of the log
    /// but is kept for inspection.
    public func moveLogFile(_ name: String, to target: String) throws(DeltaError) {
        try log.io.move(logFilePath(name), to: target)
        if ObjectStores.isRemote(log.directory) { return }
        do throws(DurableFile.Failure) { try DurableFile.syncDirectory(log.directory) } catch {
            throw .io(table: path, file: error.path, operation: error.operation, errno: error.code)
        }
    }

    /// Points `_last_checkpoint` at the newest checkpoint that reads, or removes it
    /// when none does (readers then replay the JSON commits). Returns the version it
    /// points at, nil when removed.
    @discardableResult
    public func rewriteLastCheckpoint() throws(DeltaError) -> Int64? {
        let log = self.log
        for version in try log.list().checkpoints.reversed() {
            guard let actions = try? DeltaCheckpoint.read(log: log, version: version) else { continue }
            try DeltaCheckpoint.writePointer(log: log, version: version, actions: actions, force: true)
            return version
        }
        try log.io.remove(logFilePath(DeltaLogPaths.lastCheckpoint))
        return nil
    }

    private static func reason(_ error: DeltaError) -> String {
        switch error {
        case let .corruptLog(_, _, reason): reason
        default: error.description
        }
    }
}

extension DeltaTable {
    /// Every data file (relative path, decoded) that any version of the table ever
    /// added. Throws `missingCommit` when the JSON commits do not reach back to
    /// version 0 without a gap, since the files of the lost versions are unknown.
    public func pathsEverAdded() throws(DeltaError) -> Set<String> {
        let log = self.log
        guard let last = try log.list().commits.last else { return [] }
        var paths = Set<String>()
        for version in 0 ... last {
            for action in try log.readCommit(version) {
                switch action {
                case let .add(add): paths.insert(add.relativePath)
                case let .remove(remove): paths.insert(remove.relativePath)
                default: break
                }
            }
        }
        return paths
    }
}
