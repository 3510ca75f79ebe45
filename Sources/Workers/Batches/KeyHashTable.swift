/// An open-addressing hash table from encoded keys (`EncodedRows` rows) to dense
/// entry numbers 0, 1, 2, … in insertion order.
///
/// Keys are copied into one byte arena, so the table holds no per-key objects;
/// callers keep per-entry state in arrays indexed by the entry number.
///
/// A slot holds the entry + 1 in its low 32 bits (0 = empty) and the key hash's top
/// 32 bits above: a probe passes over other keys' slots without touching their
/// entries, which would be a cache miss each.
public struct KeyHashTable: Sendable {
    private var slots: ContiguousArray<UInt64>
    private var mask: Int
    private(set) var hashes = ContiguousArray<UInt64>()
    private(set) var keyBytes = ContiguousArray<UInt8>()
    private(set) var keyOffsets: ContiguousArray<Int> = [0]

    public init(capacity: Int = 16) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = ContiguousArray(repeating: 0, count: size)
        mask = size - 1
    }

    @inline(__always)
    private static func slotValue(entry: Int, hash: UInt64) -> UInt64 {
        (hash & 0xFFFF_FFFF_0000_0000) | UInt64(truncatingIfNeeded: entry + 1)
    }

    public var count: Int { hashes.count }

    /// Bytes held by the table (for budget accounting).
    public var estimatedBytes: Int {
        slots.capacity * 8 + hashes.capacity * 8 + keyBytes.capacity + keyOffsets.capacity * 8
    }

    /// The entry of `key`, inserting it if absent.
    public mutating func findOrInsert(_ key: UnsafeRawBufferPointer, hash: UInt64) -> (entry: Int, inserted: Bool) {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let stored = slots[slot]
            if stored == 0 { break }
            if let entry = match(stored, key, hash) { return (entry, false) }
            slot = (slot + 1) & mask
        }
        let entry = hashes.count
        // Entry numbers live in 32 bits; a table that size (4G keys) could not be held anyway.
        precondition(entry < Int(UInt32.max), "KeyHashTable holds at most 2^32 - 1 keys")
        hashes.append(hash)
        keyBytes.append(contentsOf: key)
        keyOffsets.append(keyBytes.count)
        slots[slot] = Self.slotValue(entry: entry, hash: hash)
        if hashes.count * 2 > slots.count { grow() }
        return (entry, true)
    }

    /// The entry of `key`, if present.
    public func find(_ key: UnsafeRawBufferPointer, hash: UInt64) -> Int? {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let stored = slots[slot]
            if stored == 0 { return nil }
            if let entry = match(stored, key, hash) { return entry }
            slot = (slot + 1) & mask
        }
    }

    /// The stored key bytes of `entry`.
    public func withKey<R>(_ entry: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try keyBytes.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[keyOffsets[entry] ..< keyOffsets[entry + 1]])) }
    }

    /// The entry in slot value `stored` when its key is `key`.
    @inline(__always)
    private func match(_ stored: UInt64, _ key: UnsafeRawBufferPointer, _ hash: UInt64) -> Int? {
        guard (stored ^ hash) & 0xFFFF_FFFF_0000_0000 == 0 else { return nil }
        let entry = Int(truncatingIfNeeded: stored & 0xFFFF_FFFF) - 1
        guard hashes[entry] == hash else { return nil }
        let start = keyOffsets[entry], end = keyOffsets[entry + 1]
        guard end - start == key.count else { return nil }
        let equal = keyBytes.withUnsafeBytes { stored in
            EncodedRows.compare(UnsafeRawBufferPointer(rebasing: stored[start ..< end]), key) == 0
        }
        return equal ? entry : nil
    }

    private mutating func grow() {
        let size = slots.count * 2
        var grown = ContiguousArray<UInt64>(repeating: 0, count: size)
        let newMask = size - 1
        for (entry, hash) in hashes.enumerated() {
            var slot = Int(truncatingIfNeeded: hash) & newMask
            while grown[slot] != 0 { slot = (slot + 1) & newMask }
            grown[slot] = Self.slotValue(entry: entry, hash: hash)
        }
        slots = grown
        mask = newMask
    }
}
