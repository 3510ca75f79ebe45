import Foundation

/// History kept across sessions in a text file, one entry a line (an entry never holds a
/// line break: Enter ends it). The file is written whole after each entry, so it stays
/// bounded and a crash loses at most the line being typed; it is private (0600), as
/// queries may name things worth keeping to oneself.
public struct HistoryFile: Sendable {
    public let path: String

    public init(path: String) { self.path = path }

    /// The entries in the file; none when it is missing or unreadable.
    public func load(limit: Int) -> History {
        guard let data = FileManager.default.contents(atPath: path) else { return History(limit: limit) }
        let lines = String(decoding: data, as: UTF8.self).split(separator: "\n", omittingEmptySubsequences: true)
        return History(lines.suffix(limit).map(String.init), limit: limit)
    }

    /// Writes `history`; a failure (read-only home, a folder in the way) only means the
    /// history is not kept, so it is returned, not thrown.
    @discardableResult
    public func save(_ history: History) -> Bool {
        let text = history.entries.map { $0 + "\n" }.joined()
        let url = URL(fileURLWithPath: path)
        do {
            try Data(text.utf8).write(to: url, options: .atomic)
            try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: path)
            return true
        } catch {
            return false
        }
    }
}
