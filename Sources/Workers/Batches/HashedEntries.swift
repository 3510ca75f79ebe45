/// An open-addressing hash table from 64-bit hashes to dense entry numbers 0, 1, 2, …
/// that stores no keys: the caller keeps them (e.g. as rows of batches it retains anyway)
/// and answers whether an entry's key equals the probed one, which is asked only when
/// the full hashes agree.
///
/// `KeyHashTable` copies every key into its arena; this one costs 24 bytes per entry,
/// for tables whose keys already live in memory.
public struct HashedEntries: Sendable {
    private var slots: ContiguousArray<Int>          // entry + 1; 0 = empty
    private var mask: Int
    private var hashes = ContiguousArray<UInt64>()

    public init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = ContiguousArray(repeating: 0, count: size)
        mask = size - 1
    }

    public var count: Int { hashes.count }

    /// Bytes held by the table (for budget accounting).
    public var estimatedBytes: Int { slots.capacity * 8 + hashes.capacity * 8 }

    /// The entry whose key `matches` says is the probed one, inserting a new entry if none is.
    @inline(__always)
    public mutating func findOrInsert(hash: UInt64, matches: (Int) throws -> Bool) rethrows -> (entry: Int, inserted: Bool) {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let stored = slots[slot]
            if stored == 0 { break }
            if hashes[stored - 1] == hash, try matches(stored - 1) { return (stored - 1, false) }
            slot = (slot + 1) & mask
        }
        let entry = hashes.count
        hashes.append(hash)
        slots[slot] = entry + 1
        if hashes.count * 2 > slots.count { grow() }
        return (entry, true)
    }

    /// The entry whose key `matches` says is the probed one, if any.
    @inline(__always)
    public func find(hash: UInt64, matches: (Int) throws -> Bool) rethrows -> Int? {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let stored = slots[slot]
            if stored == 0 { return nil }
            if hashes[stored - 1] == hash, try matches(stored - 1) { return stored - 1 }
            slot = (slot + 1) & mask
        }
    }

    private mutating func grow() {
        let size = slots.count * 2
        var grown = ContiguousArray<Int>(repeating: 0, count: size)
        let newMask = size - 1
        for (entry, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & newMask
            while grown[slot] != 0 { slot = (slot + 1) & newMask }
            grown[slot] = entry + 1
        }
        slots = grown
        mask = newMask
    }
}
