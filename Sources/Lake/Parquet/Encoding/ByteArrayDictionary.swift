#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Columns
import CPrefetch

/// Dictionary builder for BYTE_ARRAY columns: an open-addressing hash table over
/// the distinct values. Entries are stored once, already PLAIN-encoded
/// (4-byte length + bytes), so `plain` is the dictionary page body as is.
struct ByteArrayDictionary {
    /// The dictionary page body.
    private(set) var plain = ContiguousArray<UInt8>()
    /// Per entry: where its bytes start in `plain` (after the length prefix) in the low 32
    /// bits, its length in the high 32 — one word, so a probe misses the cache once for both.
    private var entries = ContiguousArray<UInt64>()
    /// Per slot: hash in the high 32 bits, entry index + 1 in the low 32 (0 = empty).
    private var slots: ContiguousArray<UInt64>
    private var mask: Int

    let maxEntries: Int
    let maxBytes: Int

    init(maxEntries: Int, maxBytes: Int) {
        self.maxEntries = maxEntries
        self.maxBytes = maxBytes
        slots = ContiguousArray(repeating: 0, count: 1024)
        mask = 1023
    }

    /// An empty stand-in that allocates nothing, left in a writer's property while the
    /// writer's loop works on the real dictionary in a local (see `ByteArrayColumnWriter`).
    private init() {
        maxEntries = 0
        maxBytes = 0
        slots = []
        mask = 0
    }

    static var placeholder: Self { Self() }

    var count: Int { entries.count }

    @inline(__always)
    private func start(_ entry: UInt64) -> Int { Int(truncatingIfNeeded: entry & 0xFFFF_FFFF) }

    @inline(__always)
    private func length(_ entry: UInt64) -> Int { Int(truncatingIfNeeded: entry >> 32) }

    mutating func removeAll() {
        plain.removeAll(keepingCapacity: true)
        entries.removeAll(keepingCapacity: true)
        if slots.count > 1 << 16 {
            slots = ContiguousArray(repeating: 0, count: 1024)
            mask = 1023
        } else {
            for i in slots.indices { slots[i] = 0 }
        }
    }

    /// The index of the value `bytes[0..<count]`, inserting it when new; nil when a
    /// new entry would break the size limits (the table is left unchanged).
    @inline(__always)
    mutating func index(of value: UnsafeRawPointer, count n: Int) -> UInt32? {
        index(of: value, count: n, hash: Self.hash(value, count: n))
    }

    /// The hash of a value, as `index(of:count:hash:)` and `prefetch(_:)` take it.
    @inline(__always)
    static func hash(_ value: UnsafeRawPointer, count n: Int) -> UInt64 { ByteHash.hash(value, count: n) }

    /// Whether the table is past the caches, so that prefetching a block's probes pays.
    var missesCache: Bool { slots.count >= 1 << 15 }

    /// Prefetches what the probes of `hashes` read — home slot, the entry it names, that
    /// entry's bytes — in three passes over the block (group prefetching): each pass's
    /// loads were requested by the pass before and have mostly arrived, so the block's
    /// misses overlap instead of coming one after another per value.
    func prefetch(_ hashes: UnsafeBufferPointer<UInt64>) {
        slots.withUnsafeBufferPointer { slots in
            guard let slotBase = slots.baseAddress else { return }
            for hash in hashes { medallion_prefetch(slotBase + (Int(truncatingIfNeeded: hash) & mask)) }
            entries.withUnsafeBufferPointer { entries in
                guard let entryBase = entries.baseAddress else { return }
                for hash in hashes {
                    let entry = Int(truncatingIfNeeded: slots[Int(truncatingIfNeeded: hash) & mask] & 0xFFFF_FFFF) &- 1
                    if entry >= 0, entry < entries.count { medallion_prefetch(entryBase + entry) }
                }
                plain.withUnsafeBytes { plain in
                    guard let bytes = plain.baseAddress else { return }
                    for hash in hashes {
                        let entry = Int(truncatingIfNeeded: slots[Int(truncatingIfNeeded: hash) & mask] & 0xFFFF_FFFF) &- 1
                        guard entry >= 0, entry < entries.count else { continue }
                        let start = start(entries[entry])
                        if start < plain.count { medallion_prefetch(bytes + start) }
                    }
                }
            }
        }
    }

    /// `index(of:count:)` for a value whose hash is known.
    @inline(__always)
    mutating func index(of value: UnsafeRawPointer, count n: Int, hash h: UInt64) -> UInt32? {
        let tag = h >> 32
        var slot = Int(truncatingIfNeeded: h) & mask
        while true {
            let s = slots[slot]
            if s == 0 { break }
            if s >> 32 == tag {
                let entry = Int(truncatingIfNeeded: s & 0xFFFF_FFFF) &- 1
                let stored = entries[entry]
                if length(stored) == n {
                    let start = start(stored)
                    let same = plain.withUnsafeBytes { stored in
                        guard let base = stored.baseAddress else { return n == 0 }
                        return ByteEquality.equal(UnsafeRawBufferPointer(start: base + start, count: n),
                                                  UnsafeRawBufferPointer(start: value, count: n))
                    }
                    if same { return UInt32(entry) }
                }
            }
            slot = (slot &+ 1) & mask
        }
        guard count < maxEntries, plain.count + 4 + n <= maxBytes, n <= Int(Int32.max) else { return nil }
        let entry = count
        var length = UInt32(n).littleEndian
        withUnsafeBytes(of: &length) { plain.append(contentsOf: $0) }
        entries.append(UInt64(n) << 32 | UInt64(plain.count))
        plain.append(contentsOf: UnsafeRawBufferPointer(start: value, count: n))
        slots[slot] = tag << 32 | UInt64(entry + 1)
        if (entry + 1) * 2 > slots.count { grow() }
        return UInt32(entry)
    }

    /// Whether entry `entry` holds the value `value[0..<count]`.
    @inline(__always)
    func holds(_ entry: UInt32, _ value: UnsafeRawPointer, count n: Int) -> Bool {
        let i = Int(entry)
        guard i < count else { return false }
        let stored = entries[i]
        guard length(stored) == n else { return false }
        let start = start(stored)
        return plain.withUnsafeBytes { stored in
            guard let base = stored.baseAddress else { return n == 0 }
            return ByteEquality.equal(UnsafeRawBufferPointer(start: base + start, count: n),
                                      UnsafeRawBufferPointer(start: value, count: n))
        }
    }

    private mutating func grow() {
        let capacity = slots.count * 2
        var fresh = ContiguousArray<UInt64>(repeating: 0, count: capacity)
        let newMask = capacity - 1
        plain.withUnsafeBytes { bytes in
            guard let base = bytes.baseAddress else { return }
            for entry in 0 ..< count {
                let h = ByteHash.hash(base + start(entries[entry]), count: length(entries[entry]))
                var slot = Int(truncatingIfNeeded: h) & newMask
                while fresh[slot] != 0 { slot = (slot &+ 1) & newMask }
                fresh[slot] = (h >> 32) << 32 | UInt64(entry + 1)
            }
        }
        slots = fresh
        mask = newMask
    }
}
