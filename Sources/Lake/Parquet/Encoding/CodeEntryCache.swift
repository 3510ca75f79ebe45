import Columns

/// Dictionary entries by value code (`ValueCodes`) for one column chunk: a value whose
/// code was seen before takes its entry from here, without hashing or comparing bytes.
/// Valid for one code space and one dictionary; `reset` when either changes.
struct CodeEntryCache {
    private static let unknown = UInt32.max
    /// Codes above this are not cached (a large build side): those values are hashed.
    private static let maxCodes = 1 << 22
    private var entries = ContiguousArray<UInt32>()
    private(set) var space: ObjectIdentifier?

    mutating func reset(space: ObjectIdentifier? = nil) {
        self.space = space
        for i in entries.indices { entries[i] = Self.unknown }
    }

    @inline(__always)
    func entry(_ code: Int32) -> UInt32? {
        let i = Int(code)
        guard i >= 0, i < entries.count else { return nil }
        let entry = entries[i]
        return entry == Self.unknown ? nil : entry
    }

    @inline(__always)
    mutating func set(_ code: Int32, _ entry: UInt32) {
        let i = Int(code)
        guard i >= 0, i < Self.maxCodes else { return }
        if i >= entries.count {
            entries.append(contentsOf: repeatElement(Self.unknown, count: max(i + 1, entries.count * 2) - entries.count))
        }
        entries[i] = entry
    }
}
