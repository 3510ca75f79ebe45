import Columns
/// An open-addressing hash table from encoded keys (`EncodedRows` rows) to dense
/// entry numbers 0, 1, 2, … in insertion order.
///
/// Keys are copied into one byte arena, so the table holds no per-key objects;
/// callers keep per-entry state in arrays indexed by the entry number.
public struct KeyHashTable: Sendable {
    private var slots: ContiguousArray<Int>          // entry + 1; 0 = empty
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
            if matches(stored - 1, key, hash) { return (stored - 1, false) }
            slot = (slot + 1) & mask
        }
        let entry = hashes.count
        hashes.append(hash)
        keyBytes.append(contentsOf: key)
        keyOffsets.append(keyBytes.count)
        slots[slot] = entry + 1
        if hashes.count * 2 > slots.count { grow() }
        return (entry, true)
    }

    /// The entry of `key`, if present.
    public func find(_ key: UnsafeRawBufferPointer, hash: UInt64) -> Int? {
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let stored = slots[slot]
            if stored == 0 { return nil }
            if matches(stored - 1, key, hash) { return stored - 1 }
            slot = (slot + 1) & mask
        }
    }

    /// The stored key bytes of `entry`.
    public func withKey<R>(_ entry: Int, _ body: (UnsafeRawBufferPointer) throws -> R) rethrows -> R {
        try keyBytes.withUnsafeBytes { try body(UnsafeRawBufferPointer(rebasing: $0[keyOffsets[entry] ..< keyOffsets[entry + 1]])) }
    }

    @inline(__always)
    private func matches(_ entry: Int, _ key: UnsafeRawBufferPointer, _ hash: UInt64) -> Bool {
        guard hashes[entry] == hash else { return false }
        let start = keyOffsets[entry], end = keyOffsets[entry + 1]
        guard end - start == key.count else { return false }
        return keyBytes.withUnsafeBytes { stored in
            ByteEquality.equal(UnsafeRawBufferPointer(rebasing: stored[start ..< end]), key)
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
