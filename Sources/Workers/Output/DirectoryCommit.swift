import Foundation
import Lake
import Files

/// Publishes staged files into a plain directory table. Files are moved to their
/// final paths first (no reader looks at them yet), then `_manifest.json` — the list
/// of the table's files — is replaced by an atomic rename: that rename is the one
/// step that makes the write visible. The Delta Lake committer follows the same
/// pattern with a `_delta_log` commit in place of the manifest.
public struct DirectoryCommit {
    public static let manifestName = "_manifest.json"

    public struct Manifest: Codable, Equatable, Sendable {
        public var version: Int
        public var files: [WrittenFile]
    }

    public let tableDirectory: String
    public init(tableDirectory: String) { self.tableDirectory = tableDirectory }

    /// The table's committed state (empty before the first commit).
    public func manifest() throws -> Manifest {
        let path = tableDirectory + "/" + Self.manifestName
        guard FileManager.default.fileExists(atPath: path) else { return Manifest(version: 0, files: []) }
        return try JSONDecoder().decode(Manifest.self, from: Data(contentsOf: URL(fileURLWithPath: path)))
    }

    /// Publishes `files` staged by `writer`: appended to the table, or replacing it
    /// (`overwrite`), in one atomic step. The replaced files are deleted afterwards.
    @discardableResult
    public func commit(_ files: [WrittenFile], from writer: PartitionedWriter, overwrite: Bool = false) throws -> Manifest {
        let fm = FileManager.default
        let previous = try manifest()
        for file in files {
            let target = tableDirectory + "/" + file.path
            try fm.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try fm.moveItem(atPath: writer.stagingDirectory + "/" + file.path, toPath: target)
        }
        let next = Manifest(version: previous.version + 1, files: (overwrite ? [] : previous.files) + files)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let temp = tableDirectory + "/." + Self.manifestName + "." + writer.writeID
        try encoder.encode(next).write(to: URL(fileURLWithPath: temp))
        guard rename(temp, tableDirectory + "/" + Self.manifestName) == 0 else {
            throw OutputError.io(path: tableDirectory, reason: "cannot publish manifest: " + FileSystemCause.describe(errno))
        }
        if overwrite {
            for old in previous.files { try? fm.removeItem(atPath: tableDirectory + "/" + old.path) }
        }
        try? fm.removeItem(atPath: writer.stagingDirectory)
        return next
    }
}
