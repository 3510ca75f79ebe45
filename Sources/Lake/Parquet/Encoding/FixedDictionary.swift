import Columns
/// Dictionary builder for fixed-width values (INT32, INT64, DOUBLE by bit pattern):
/// open addressing with the keys stored in the slots for locality. `values` in
/// insertion order is the PLAIN dictionary page body.
struct FixedDictionary<Value: FixedWidthInteger> {
    private(set) var values = ContiguousArray<Value>()
    private var keys: ContiguousArray<Value>
    /// Entry index + 1 per slot (0 = empty).
    private var slots: ContiguousArray<UInt32>
    private var mask: Int
    let maxEntries: Int

    init(maxEntries: Int, maxBytes: Int) {
        self.maxEntries = Swift.min(maxEntries, maxBytes / MemoryLayout<Value>.size)
        keys = ContiguousArray(repeating: 0, count: 1024)
        slots = ContiguousArray(repeating: 0, count: 1024)
        mask = 1023
    }

    /// An empty stand-in that allocates nothing, left in a writer's property while the
    /// writer's loop works on the real dictionary in a local (see `FixedColumnWriter`).
    private init() {
        maxEntries = 0
        keys = []
        slots = []
        mask = 0
    }

    static var placeholder: Self { Self() }

    var count: Int { values.count }

    mutating func removeAll() {
        values.removeAll(keepingCapacity: true)
        if slots.count > 1 << 16 {
            keys = ContiguousArray(repeating: 0, count: 1024)
            slots = ContiguousArray(repeating: 0, count: 1024)
            mask = 1023
        } else {
            for i in slots.indices { slots[i] = 0 }
        }
    }

    @inline(__always)
    static func hash(_ v: Value) -> Int {
        Int(truncatingIfNeeded: ByteHash.hash(UInt64(truncatingIfNeeded: v)))
    }

    /// The index of `v`, inserting it when new; nil when the table is full.
    @inline(__always)
    mutating func index(of v: Value) -> UInt32? {
        var slot = Self.hash(v) & mask
        while true {
            let s = slots[slot]
            if s == 0 { break }
            if keys[slot] == v { return s &- 1 }
            slot = (slot &+ 1) & mask
        }
        guard values.count < maxEntries else { return nil }
        let entry = UInt32(values.count)
        values.append(v)
        keys[slot] = v
        slots[slot] = entry &+ 1
        if values.count * 2 > slots.count { grow() }
        return entry
    }

    private mutating func grow() {
        let capacity = slots.count * 2
        var freshKeys = ContiguousArray<Value>(repeating: 0, count: capacity)
        var freshSlots = ContiguousArray<UInt32>(repeating: 0, count: capacity)
        let newMask = capacity - 1
        for (entry, v) in values.enumerated() {
            var slot = Self.hash(v) & newMask
            while freshSlots[slot] != 0 { slot = (slot &+ 1) & newMask }
            freshKeys[slot] = v
            freshSlots[slot] = UInt32(entry + 1)
        }
        keys = freshKeys
        slots = freshSlots
        mask = newMask
    }
}
