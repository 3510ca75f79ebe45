/// Feeds one compressed byte range of a file to a decoder in ~1 MiB preads and keeps
/// track of absolute file offsets, so errors can name where decoding stopped.
struct CompressedInput {
    static let readSize = 1 << 20

    let file: RandomAccessFile
    let range: Range<Int64>
    /// The current slab of compressed bytes; `position` of them are consumed.
    private(set) var buffer = ContiguousArray<UInt8>()
    var position = 0
    /// Absolute offset of `buffer[0]`.
    private(set) var bufferStart: Int64

    /// `prefetched`: the range's first bytes, already read (the first slab).
    init(file: RandomAccessFile, range: Range<Int64>?, prefetched: ContiguousArray<UInt8> = []) {
        self.file = file
        let whole: Range<Int64> = 0..<max(0, file.size)
        // Clamp: bytes past the end of the file cannot be read anyway.
        self.range = range.map { $0.clamped(to: whole) } ?? whole
        self.bufferStart = self.range.lowerBound
        self.buffer = ContiguousArray(prefetched.prefix(Int(self.range.count)))
    }

    /// Unconsumed bytes in the current slab.
    var available: Int { buffer.count - position }

    /// Absolute offset of the next unconsumed byte.
    var offset: Int64 { bufferStart + Int64(position) }

    /// Reads the next slab when the current one is used up. False at the end of the range.
    mutating func refillIfEmpty() throws -> Bool {
        if available > 0 { return true }
        let next = bufferStart + Int64(buffer.count)
        guard next < range.upperBound else { return false }
        let count = Int(min(Int64(Self.readSize), range.upperBound - next))
        try file.read(at: next, count: count, into: &buffer)
        bufferStart = next
        position = 0
        return !buffer.isEmpty
    }

    /// Up to `count` bytes from the current offset without consuming them; fewer only
    /// at the end of the range. May pread across the slab end.
    func peek(_ count: Int) throws -> ContiguousArray<UInt8> {
        if available >= count {
            return ContiguousArray(buffer[position..<(position + count)])
        }
        let wanted = Int(min(Int64(count), range.upperBound - offset))
        return try file.read(at: offset, count: max(0, wanted))
    }
}
