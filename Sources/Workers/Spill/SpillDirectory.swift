#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Columns
import Files
import Synchronization

/// A private temporary folder for the spill files of a run.
///
/// Created with a unique name (mkdtemp) under `parent` (default: $TMPDIR or /tmp).
/// `close()` — also run on deinit — deletes every file in it and the folder itself,
/// so spill files do not outlive the run, also when the run fails.
public final class SpillDirectory: Sendable {
    public let path: String
    public let metrics = SpillMetrics()
    private let state = Mutex(State())

    private struct State {
        var nextFile = 0
        var closed = false
    }

    public init(parent: String? = nil) throws(SpillError) {
        let base = parent ?? Self.defaultParent
        var template = Array((base + "/medallion-spill-XXXXXX").utf8CString)
        let created = template.withUnsafeMutableBufferPointer { buffer in
            buffer.baseAddress.flatMap { mkdtemp($0) }
        }
        guard created != nil else { throw .cannotCreate(path: base, reason: FileSystemCause.describe(errno)) }
        path = template.withUnsafeBufferPointer { buffer in
            buffer.baseAddress.map { String(cString: $0) } ?? base
        }
    }

    deinit { close() }

    private static var defaultParent: String {
        if let tmp = getenv("TMPDIR"), tmp.pointee != 0 { return String(cString: tmp) }
        return "/tmp"
    }

    /// A new, empty spill file for batches of `schema`; `label` only helps a human reading the folder.
    public func makeFile(schema: Schema, label: String = "spill") throws(SpillError) -> SpillFile {
        let number: Int? = state.withLock { state in
            guard !state.closed else { return nil }
            state.nextFile += 1
            return state.nextFile
        }
        guard let number else { throw .closed(path: path) }
        let safeLabel = String(label.unicodeScalars.map { $0.properties.isAlphabetic || ("0" ... "9").contains($0) ? Character($0) : "-" }.prefix(40))
        return try SpillFile(path: "\(path)/\(number)-\(safeLabel).spill", schema: schema, metrics: metrics)
    }

    /// Names of the files currently in the folder (for tests and diagnostics).
    public func fileNames() -> [String] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Deletes all files and the folder (idempotent). Later `makeFile` calls fail.
    public func close() {
        let alreadyClosed = state.withLock { state in
            defer { state.closed = true }
            return state.closed
        }
        guard !alreadyClosed else { return }
        // Only this class creates entries here, all of them plain files.
        for name in fileNames() { unlink(path + "/" + name) }
        rmdir(path)
    }

    /// Whether the folder still exists on disk.
    public var exists: Bool {
        var info = stat()
        return stat(path, &info) == 0
    }
}
