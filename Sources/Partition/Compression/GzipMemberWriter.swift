import CZlib

/// How `GzipMemberWriter` divides its input into gzip members.
public enum GzipMemberLayout: Sendable, Equatable {
    /// Independent members of about this many uncompressed bytes, each announcing its
    /// total size in an 'MS' extra subfield, so readers can hop member to member.
    case sizedMembers(uncompressedBytes: Int)
    /// Independent members without an extra field (like `cat a.gz b.gz`).
    case plainMembers(uncompressedBytes: Int)
    /// Everything in one member.
    case singleMember
}

/// Writes a gzip file as independent members. Takes bytes incrementally; call
/// `finish()` at the end. Headers and trailers are written here around raw deflate
/// data, so the size field can be filled in once a member is compressed (a sized
/// member's compressed bytes are held in memory until it ends; other layouts stream).
public final class GzipMemberWriter {
    public let path: String
    public let layout: GzipMemberLayout
    private let output: OutputFile
    private let stream: ZStream
    private let cutter: FrameCutter
    private let extraFlags: UInt8
    private var scratch: ContiguousArray<UInt8>
    /// Compressed bytes of the open member; sized members are held until their end.
    private var pending = ContiguousArray<UInt8>()
    private var memberOpen = false
    private var memberIn = 0
    private var crc: UInt = 0
    private var finished = false
    public private(set) var memberCount = 0

    private var sized: Bool {
        if case .sizedMembers = layout { true } else { false }
    }

    public init(path: String, layout: GzipMemberLayout = .sizedMembers(uncompressedBytes: 4 << 20),
                level: Int = 6, cutAtNewlines: Bool = false) throws {
        let level = Int32(clamping: min(max(level, 0), 9))
        // Negative window bits: raw deflate, no zlib/gzip wrapper.
        guard let stream = ZStream(deflateLevel: level, windowBits: -15) else {
            throw CompressionWriterError.compressorFailed(path: path, reason: "cannot initialise zlib")
        }
        self.stream = stream
        self.path = path
        self.layout = layout
        extraFlags = level == 9 ? 2 : (level == 1 ? 4 : 0)
        switch layout {
        case let .sizedMembers(size), let .plainMembers(size):
            cutter = FrameCutter(target: max(1, size), cutAtNewlines: cutAtNewlines)
        case .singleMember:
            cutter = FrameCutter(target: nil, cutAtNewlines: false)
        }
        scratch = ContiguousArray(repeating: 0, count: 256 << 10)
        output = try OutputFile(path: path)
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard !finished else { throw CompressionWriterError.alreadyFinished(path: path) }
        var rest = bytes
        while !rest.isEmpty {
            let (take, endsMember) = cutter.split(rest, inFrame: memberIn)
            try deflateBytes(UnsafeRawBufferPointer(rebasing: rest.prefix(take)))
            if endsMember { try endMember() }
            rest = UnsafeRawBufferPointer(rebasing: rest.dropFirst(take))
        }
    }

    public func write(contentsOf bytes: some Collection<UInt8>) throws {
        if let done = try bytes.withContiguousStorageIfAvailable({ try write(UnsafeRawBufferPointer($0)) }) {
            return done
        }
        try ContiguousArray(bytes).withUnsafeBytes { try write($0) }
    }

    /// Ends the last member and closes the file. Empty input still makes one (empty)
    /// member, as `gzip` does.
    public func finish() throws {
        guard !finished else { return }
        finished = true
        if memberOpen || memberCount == 0 { try endMember() }
        try output.close()
    }

    private func startMember() throws {
        if memberCount > 0 { deflateReset(stream.pointer) }
        memberOpen = true
        memberIn = 0
        crc = crc32(0, nil, 0)
        pending.removeAll(keepingCapacity: true)
        if !sized { try output.write(header(totalSize: nil)) }
    }

    private func deflateBytes(_ bytes: UnsafeRawBufferPointer) throws {
        guard !bytes.isEmpty else { return }
        if !memberOpen { try startMember() }
        var rest = bytes
        while !rest.isEmpty {
            // zlib counts in 32 bits.
            let piece = UnsafeRawBufferPointer(rebasing: rest.prefix(1 << 30))
            let base = piece.baseAddress?.assumingMemoryBound(to: UInt8.self)
            crc = crc32(crc, base, UInt32(piece.count))
            try run(piece, flush: Z_NO_FLUSH)
            memberIn += piece.count
            rest = UnsafeRawBufferPointer(rebasing: rest.dropFirst(piece.count))
        }
    }

    private func endMember() throws {
        if !memberOpen { try startMember() }
        try run(UnsafeRawBufferPointer(start: nil, count: 0), flush: Z_FINISH)
        var trailer = ContiguousArray<UInt8>()
        trailer.appendLE32(UInt32(truncatingIfNeeded: crc))
        trailer.appendLE32(UInt32(truncatingIfNeeded: memberIn))  // ISIZE is size mod 2^32
        if sized {
            let total = 24 + pending.count + trailer.count
            try output.write(header(totalSize: UInt64(total)))
            try output.write(pending)
        } else {
            try flushPending()
        }
        try output.write(trailer)
        pending.removeAll(keepingCapacity: true)
        memberOpen = false
        memberIn = 0
        memberCount += 1
    }

    /// Deflates `bytes` (or finishes the member with `Z_FINISH`) into `pending`.
    private func run(_ bytes: UnsafeRawBufferPointer, flush: Int32) throws {
        let strm = stream.pointer
        strm.pointee.next_in = UnsafeMutablePointer(mutating: bytes.baseAddress?.assumingMemoryBound(to: UInt8.self))
        strm.pointee.avail_in = UInt32(bytes.count)
        while true {
            let rc: Int32 = scratch.withUnsafeMutableBufferPointer { out in
                strm.pointee.next_out = out.baseAddress
                strm.pointee.avail_out = UInt32(out.count)
                let rc = deflate(strm, flush)
                pending.append(contentsOf: out.prefix(out.count - Int(strm.pointee.avail_out)))
                return rc
            }
            if !sized && pending.count >= 1 << 20 { try flushPending() }
            if flush == Z_FINISH {
                if rc == Z_STREAM_END { return }
                guard rc == Z_OK || rc == Z_BUF_ERROR else {
                    throw CompressionWriterError.compressorFailed(path: path, reason: stream.message(or: "deflate error \(rc)"))
                }
            } else {
                guard rc == Z_OK || rc == Z_BUF_ERROR else {
                    throw CompressionWriterError.compressorFailed(path: path, reason: stream.message(or: "deflate error \(rc)"))
                }
                if strm.pointee.avail_in == 0 && strm.pointee.avail_out != 0 { return }
            }
        }
    }

    private func flushPending() throws {
        try output.write(pending)
        pending.removeAll(keepingCapacity: true)
    }

    /// Fixed header; with a total size, plus an extra field holding the 'MS' subfield.
    private func header(totalSize: UInt64?) -> ContiguousArray<UInt8> {
        var head: ContiguousArray<UInt8> = [GzipFormat.id1, GzipFormat.id2, GzipFormat.deflateMethod]
        head.append(totalSize == nil ? 0 : GzipFormat.flagExtra)
        head.appendLE32(0)  // no modification time
        head.append(extraFlags)
        head.append(3)  // OS: Unix
        if let totalSize {
            head.appendLE16(12)
            head.append(GzipFormat.sizeSubfield.0)
            head.append(GzipFormat.sizeSubfield.1)
            head.appendLE16(8)
            head.appendLE64(totalSize)
        }
        return head
    }
}
