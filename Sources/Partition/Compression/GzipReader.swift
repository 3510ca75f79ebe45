import CZlib

/// Streams a byte range of a gzip file (one or more concatenated members) through zlib.
///
/// Reads compressed input in ~1 MiB preads and returns decompressed chunks of about
/// `chunkSize` bytes; never holds the whole file.
///
/// With `exactEnd: true` the range is a planned split: a member that runs past the
/// range end, or a split whose first member fails to decode (a start that was not a
/// real member boundary looks exactly like that), throws `InputError.splitMisaligned`
/// so the caller can read the file as one stream instead, which reports any real
/// corruption.
public final class GzipReader: DecompressingReader, @unchecked Sendable {
    public let path: String
    private var input: CompressedInput
    private let stream: ZStream
    private let chunkSize: Int
    private let exactEnd: Bool
    private let fileSize: Int64
    /// inflate is inside a member that has not reached its trailer yet.
    private var inMember = false
    private var membersDone = 0
    /// Compressed offset where the member being inflated starts.
    private var memberStart: Int64 = 0
    private var finished = false

    public init(file: RandomAccessFile, range: Range<Int64>? = nil,
                chunkSize: Int = 4 << 20, exactEnd: Bool = false, prefetched: ContiguousArray<UInt8> = []) throws {
        path = file.path
        fileSize = file.size
        input = CompressedInput(file: file, range: range, prefetched: prefetched)
        self.chunkSize = max(1, chunkSize)
        self.exactEnd = exactEnd
        // 15 + 16: gzip wrapper only, with header and CRC/ISIZE checks.
        guard let stream = ZStream(inflateWindowBits: 15 + 16) else {
            throw InputError.readFailed(path: file.path, offset: input.range.lowerBound,
                                        reason: "cannot initialise zlib")
        }
        self.stream = stream
    }

    public func nextChunk() throws -> ContiguousArray<UInt8>? {
        if finished { return nil }
        let chunk = try ContiguousArray<UInt8>(unsafeUninitializedCapacity: chunkSize) { out, initialized in
            initialized = 0
            try fill(out, produced: &initialized)
        }
        return chunk.isEmpty ? nil : chunk
    }

    /// Inflates into `out` until it is full or the range ends.
    private func fill(_ out: UnsafeMutableBufferPointer<UInt8>, produced: inout Int) throws {
        let strm = stream.pointer
        while produced < out.count {
            if !inMember {
                guard try input.refillIfEmpty() else {
                    finished = true
                    return
                }
                try startMember()
            }
            let haveInput = try input.refillIfEmpty()
            let before = (input.position, produced)
            let rc: Int32 = input.buffer.withUnsafeBufferPointer { inBuf in
                strm.pointee.next_in = UnsafeMutablePointer(mutating: inBuf.baseAddress.map { $0 + input.position })
                strm.pointee.avail_in = UInt32(clamping: input.available)
                strm.pointee.next_out = out.baseAddress.map { $0 + produced }
                strm.pointee.avail_out = UInt32(clamping: out.count - produced)
                let inStart = strm.pointee.avail_in
                let outStart = strm.pointee.avail_out
                let rc = inflate(strm, Z_NO_FLUSH)
                input.position += Int(inStart - strm.pointee.avail_in)
                produced += Int(outStart - strm.pointee.avail_out)
                return rc
            }
            let progressed = before != (input.position, produced)
            switch rc {
            case Z_STREAM_END:
                inMember = false
                membersDone += 1
            case Z_OK, Z_BUF_ERROR:
                // Out of input mid-member with nothing left to flush: truncated.
                if !haveInput && !progressed {
                    throw failure(at: input.offset, reason: "input ends inside a gzip member", truncated: true)
                }
            case Z_NEED_DICT:
                throw failure(at: input.offset, reason: "member needs a preset dictionary", truncated: false)
            default:
                throw failure(at: input.offset, reason: stream.message(or: "zlib error \(rc)"), truncated: false)
            }
        }
    }

    /// At a member boundary with input left: it must be another gzip member.
    private func startMember() throws {
        let head = try input.peek(2)
        guard head.count == 2, head.byte(at: 0) == 0x1F, head.byte(at: 1) == 0x8B else {
            let reason = membersDone == 0 ? "not a gzip member (bad magic)" : "trailing garbage after the last gzip member"
            throw failure(at: input.offset, reason: reason, truncated: false)
        }
        if membersDone > 0 { inflateReset(stream.pointer) }
        inMember = true
        memberStart = input.offset
    }

    private func failure(at offset: Int64, reason: String, truncated: Bool) -> InputError {
        if exactEnd {
            if truncated && input.range.upperBound < fileSize {
                return .splitMisaligned(path: path, offset: offset)
            }
            if input.range.lowerBound > 0 && membersDone == 0 {
                return .splitMisaligned(path: path, offset: offset)
            }
        }
        // Between members (bad magic, trailing garbage) there is no member to name.
        let member = inMember ? " (in the member starting at byte \(memberStart))" : ""
        return .corruptCompressed(path: path, codec: .gzip, offset: offset, reason: reason + member)
    }
}
