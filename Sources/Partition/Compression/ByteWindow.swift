/// Small positional reads (frame and member headers) served from a cached window, so
/// walking thousands of headers costs far fewer preads: 64 KiB locally, 1 MiB from an
/// object store, where each read is a request.
struct ByteWindow {
    let file: RandomAccessFile
    let windowSize: Int
    private var window = ContiguousArray<UInt8>()
    private var start: Int64 = 0

    init(file: RandomAccessFile) {
        self.file = file
        windowSize = file.isRemote ? 1 << 20 : 64 << 10
    }

    /// Up to `count` bytes at `offset`; fewer only at the end of the file.
    mutating func bytes(at offset: Int64, count: Int) throws -> ContiguousArray<UInt8> {
        guard offset >= 0, count > 0, offset < file.size else { return [] }
        let end = offset + Int64(count)
        if offset >= start, end <= start + Int64(window.count) {
            let lo = Int(offset - start)
            return ContiguousArray(window[lo..<(lo + count)])
        }
        if count > windowSize { return try file.read(at: offset, count: count) }
        try file.read(at: offset, count: windowSize, into: &window)
        start = offset
        return ContiguousArray(window.prefix(count))
    }
}

/// Bounds-checked little-endian field reads; nil when the field runs past the bytes.
extension ContiguousArray<UInt8> {
    func le16(at index: Int) -> UInt16? {
        guard index >= 0, index + 2 <= count else { return nil }
        return UInt16(self[index]) | UInt16(self[index + 1]) << 8
    }

    func le32(at index: Int) -> UInt32? {
        guard index >= 0, index + 4 <= count else { return nil }
        var value: UInt32 = 0
        for i in (0..<4).reversed() { value = value << 8 | UInt32(self[index + i]) }
        return value
    }

    func le64(at index: Int) -> UInt64? {
        guard index >= 0, index + 8 <= count else { return nil }
        var value: UInt64 = 0
        for i in (0..<8).reversed() { value = value << 8 | UInt64(self[index + i]) }
        return value
    }

    func byte(at index: Int) -> UInt8? {
        index >= 0 && index < count ? self[index] : nil
    }
}

extension ContiguousArray<UInt8> {
    mutating func appendLE16(_ value: UInt16) {
        append(UInt8(truncatingIfNeeded: value))
        append(UInt8(truncatingIfNeeded: value >> 8))
    }

    mutating func appendLE32(_ value: UInt32) {
        for shift in stride(from: 0, to: 32, by: 8) { append(UInt8(truncatingIfNeeded: value >> UInt32(shift))) }
    }

    mutating func appendLE64(_ value: UInt64) {
        for shift in stride(from: 0, to: 64, by: 8) { append(UInt8(truncatingIfNeeded: value >> UInt64(shift))) }
    }
}
