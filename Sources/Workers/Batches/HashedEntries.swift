/// An open-addressing hash table from 64-bit hashes to dense entry numbers 0, 1, 2, …
/// that stores no keys: the caller keeps them (e.g. as rows of batches it retains anyway)
/// and answers whether an entry's key equals the probed one.
///
/// Each slot is one word: the entry number (+ 1, 0 = empty) in the low 40 bits and 24
/// bits of its hash as a tag (bits 32…55: the low bits pick the slot and a shuffle's
/// partition is the top bits, so those agree within a chain or a partition). A probe reads only the slot, and asks `matches`
/// only when the tags agree (a false agreement once in 16 million). Keeping the full
/// hashes beside the slots instead cost a second cache miss per probe: with 600,000
/// groups, a quarter of a group-by's time (perf/RESULTS.md, "Tagged slots").
///
/// `KeyHashTable` copies every key into its arena; this one costs 24 bytes per entry,
/// for tables whose keys already live in memory.
public struct HashedEntries: Sendable {
    private var slots: ContiguousArray<UInt64>
    private var mask: Int
    /// The full hash of each entry, read only when the table grows.
    private var hashes = ContiguousArray<UInt64>()

    private static let entryBits: UInt64 = 40
    private static let entryMask: UInt64 = (1 << entryBits) - 1
    private static let tagMask: UInt64 = ~entryMask

    @inline(__always)
    private static func tag(_ hash: UInt64) -> UInt64 { (hash << 8) & tagMask }

    /// 2 MiB of slots: from here a probe misses the cache on most rows.
    private static let warmSlots = 1 << 18

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
        let tag = Self.tag(hash)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let stored = slots[slot]
            if stored == 0 { break }
            if stored & Self.tagMask == tag {
                let entry = Int(truncatingIfNeeded: stored & Self.entryMask) - 1
                if try matches(entry) { return (entry, false) }
            }
            slot = (slot + 1) & mask
        }
        let entry = hashes.count
        hashes.append(hash)
        // 2^40 entries would need terabytes of keys: the memory budget stops a table long before.
        slots[slot] = tag | (UInt64(entry + 1) & Self.entryMask)
        if hashes.count * 2 > slots.count { grow() }
        return (entry, true)
    }

    /// Loads the home slot of every hash in one tight loop before the probes: the loads
    /// do not depend on each other, so the CPU overlaps their cache misses, where the
    /// probe loop (compare, insert, branch) waited for one miss per row. Returns a value
    /// the caller must keep (a load whose result is unused would be removed).
    /// Tables that fit in cache skip it (it would only add a pass).
    @inline(never)
    public func warm(_ hashes: UnsafeBufferPointer<UInt64>) -> UInt64 {
        guard slots.count >= Self.warmSlots else { return 0 }
        var seen: UInt64 = 0
        slots.withUnsafeBufferPointer { slots in
            let mask = UInt64(truncatingIfNeeded: self.mask)
            for hash in hashes { seen &+= slots[Int(truncatingIfNeeded: hash & mask)] }
        }
        return seen
    }

    /// The entry whose key `matches` says is the probed one, if any.
    @inline(__always)
    public func find(hash: UInt64, matches: (Int) throws -> Bool) rethrows -> Int? {
        let tag = Self.tag(hash)
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let stored = slots[slot]
            if stored == 0 { return nil }
            if stored & Self.tagMask == tag {
                let entry = Int(truncatingIfNeeded: stored & Self.entryMask) - 1
                if try matches(entry) { return entry }
            }
            slot = (slot + 1) & mask
        }
    }

    private mutating func grow() {
        let size = slots.count * 2
        var grown = ContiguousArray<UInt64>(repeating: 0, count: size)
        let newMask = size - 1
        for (entry, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & newMask
            while grown[slot] != 0 { slot = (slot + 1) & newMask }
            grown[slot] = Self.tag(hash) | UInt64(entry + 1)
        }
        slots = grown
        mask = newMask
    }
}
