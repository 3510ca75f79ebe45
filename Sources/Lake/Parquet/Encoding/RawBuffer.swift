/// A growable buffer of trivial values on manually managed memory, for the
/// writers' per-value loops: appends are a capacity check and a store, with no
/// copy-on-write uniqueness checks. The owner must call `deallocate()` once.
struct RawBuffer<Element: BitwiseCopyable> {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count = 0
    private(set) var capacity: Int

    init(capacity: Int = 1024) {
        self.capacity = max(capacity, 16)
        base = .allocate(capacity: self.capacity)
    }

    func deallocate() { base.deallocate() }

    var isEmpty: Bool { count == 0 }

    mutating func removeAll() { count = 0 }

    /// Makes room for `extra` more elements.
    @inline(__always)
    mutating func reserve(_ extra: Int) {
        if count + extra > capacity { grow(count + extra) }
    }

    private mutating func grow(_ needed: Int) {
        let newCapacity = max(needed, capacity * 2)
        let fresh = UnsafeMutablePointer<Element>.allocate(capacity: newCapacity)
        fresh.update(from: base, count: count)
        base.deallocate()
        base = fresh
        capacity = newCapacity
    }

    @inline(__always)
    mutating func append(_ value: Element) {
        if count == capacity { grow(count + 1) }
        base[count] = value
        count += 1
    }

    /// Appends without a capacity check: callers `reserve` first.
    @inline(__always)
    mutating func appendUnchecked(_ value: Element) {
        base[count] = value
        count += 1
    }

    mutating func append(repeating value: Element, count n: Int) {
        reserve(n)
        (base + count).initialize(repeating: value, count: n)
        count += n
    }

    mutating func append(_ values: UnsafeBufferPointer<Element>) {
        guard let from = values.baseAddress, !values.isEmpty else { return }
        reserve(values.count)
        (base + count).update(from: from, count: values.count)
        count += values.count
    }

    var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }
    var rawBytes: UnsafeRawBufferPointer { UnsafeRawBufferPointer(buffer) }

    subscript(i: Int) -> Element {
        get { base[i] }
        nonmutating set { base[i] = newValue }
    }
}

extension RawBuffer where Element == UInt8 {
    /// Appends `n` bytes from `p`.
    @inline(__always)
    mutating func appendBytes(_ p: UnsafeRawPointer, _ n: Int) {
        reserve(n)
        UnsafeMutableRawPointer(base + count).copyMemory(from: p, byteCount: n)
        count += n
    }

    /// Appends a little-endian UInt32 (a PLAIN BYTE_ARRAY length prefix).
    @inline(__always)
    mutating func appendLength(_ n: Int) {
        reserve(4)
        UnsafeMutableRawPointer(base + count).storeBytes(of: UInt32(truncatingIfNeeded: n).littleEndian, as: UInt32.self)
        count += 4
    }

    mutating func append(_ bytes: UnsafeRawBufferPointer) {
        guard let p = bytes.baseAddress else { return }
        appendBytes(p, bytes.count)
    }
}
