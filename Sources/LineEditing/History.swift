/// The lines entered before, oldest first, at most `limit` of them. Blank lines and a
/// line equal to the one before are not kept.
public struct History: Equatable, Sendable {
    public private(set) var entries: [String]
    public let limit: Int

    public init(_ entries: [String] = [], limit: Int = 1000) {
        self.limit = max(1, limit)
        self.entries = []
        for entry in entries { add(entry) }
    }

    /// Adds `line`; true when it was kept.
    @discardableResult
    public mutating func add(_ line: String) -> Bool {
        guard !line.allSatisfy(\.isWhitespace), line != entries.last else { return false }
        entries.append(line)
        if entries.count > limit { entries.removeFirst(entries.count - limit) }
        return true
    }
}
