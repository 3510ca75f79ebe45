import CPrefetch

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

    /// 256 KiB of slots: from here a probe misses the nearest caches on most rows.
    private static let prefetchSlots = 1 << 15

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

    /// Whether the slots are past the caches, so that prefetching a block of probes pays.
    public var missesCache: Bool { slots.count >= Self.prefetchSlots }

    /// Prefetch hint for the home slot of `hash`.
    @inline(__always)
    public func prefetchHome(_ hash: UInt64) {
        slots.withUnsafeBufferPointer { slots in
            if let base = slots.baseAddress { medallion_prefetch(base + (Int(truncatingIfNeeded: hash) & mask)) }
        }
    }

    /// The entry in the home slot of `hash` when its tag agrees — the answer of most probes
    /// that find something — for prefetching what the caller keeps per entry.
    @inline(__always)
    public func homeEntry(_ hash: UInt64) -> Int? {
        let stored = slots[Int(truncatingIfNeeded: hash) & mask]
        guard stored != 0, stored & Self.tagMask == Self.tag(hash) else { return nil }
        return Int(truncatingIfNeeded: stored & Self.entryMask) - 1
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
