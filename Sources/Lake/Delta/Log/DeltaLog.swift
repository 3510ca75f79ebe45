import Columns
import Foundation

/// The `_delta_log` directory of one table: listing, reading and writing commit
/// files. Stateless, so any number of instances (or processes) may share a table;
/// the file system's put-if-absent is the only arbiter of who gets a version.
struct DeltaLog: Sendable {
    /// The table root, used in every error message.
    let table: String
    let directory: String
    let io: DeltaFileIO

    init(table: String) {
        self.table = table
        directory = table + "/" + DeltaLogPaths.logDirectory
        io = DeltaFileIO(table: table)
    }

    struct Listing {
        var commits: [Int64] = []
        var checkpoints: [Int64] = []
        var latestCommit: Int64? { commits.last }
    }

    func list() throws(DeltaError) -> Listing {
        var listing = Listing()
        for name in try io.list(directory) {
            if let v = DeltaLogPaths.commitVersion(name) { listing.commits.append(v) }
            else if let v = DeltaLogPaths.checkpointVersion(name) { listing.checkpoints.append(v) }
        }
        listing.commits.sort()
        listing.checkpoints.sort()
        return listing
    }

    func commitPath(_ version: Int64) -> String { directory + "/" + DeltaLogPaths.commitName(version) }

    func readCommit(_ version: Int64) throws(DeltaError) -> [DeltaAction] {
        let path = commitPath(version)
        guard let bytes = try io.readIfExists(path) else { throw .missingCommit(table: table, version: version) }
        let name = DeltaLogPaths.commitName(version)
        return try DecodedCommitCache.shared.actions(path: path, bytes: bytes) { (bytes) throws(DeltaError) in
            try decodeCommit(bytes, name: name)
        }
    }

    /// The actions of a commit file, or `corruptLog` saying where and how it is
    /// broken (truncated, invalid JSON or UTF-8, a known action missing a field).
    func decodeCommit(_ bytes: [UInt8], name: String) throws(DeltaError) -> [DeltaAction] {
        let file = DeltaLogPaths.logDirectory + "/" + name
        var actions: [DeltaAction] = []
        var failed = false
        // Strict UTF-8: a flipped bit in a path must not decode as a different path.
        if bytes.withUnsafeBytes({ UTF8Validation.isValid($0) }) {
            do { actions = try DeltaAction.decode(bytes: bytes) } catch { failed = true }
        } else {
            failed = true
        }
        if failed || bytes.isEmpty {
            let reason = JSONDamage.inLines(bytes) { line in
                do {
                    _ = try DeltaAction.parse(line: String(decoding: line, as: UTF8.self))
                    return nil
                } catch {
                    return JSONDamage.describe(error)
                }
            }
            throw .corruptLog(table: table, file: file, reason: reason ?? "not a valid commit")
        }
        if actions.isEmpty { throw .corruptLog(table: table, file: file, reason: "the file holds no actions (only blank lines)") }
        return actions
    }

    /// Writes commit `version` unless it exists. Returns false when another
    /// writer already holds that version.
    func writeCommit(_ version: Int64, actions: [DeltaAction]) throws(DeltaError) -> Bool {
        let text: String
        do { text = try DeltaAction.encode(actions) } catch {
            throw .invalidArgument(table: table, reason: "cannot encode commit \(version): \(error)")
        }
        try io.makeDirectory(directory)
        return try io.createExclusive(Array(text.utf8), directory: directory, name: DeltaLogPaths.commitName(version))
    }

    /// When the commit happened: its commitInfo timestamp, else the file's mtime.
    func commitTimestamp(_ version: Int64, actions: [DeltaAction]) throws(DeltaError) -> Int64 {
        for case let .commitInfo(info) in actions { if let t = info.timestamp { return t } }
        return try io.status(commitPath(version))?.modificationTime ?? 0
    }
}
