import CZstd

/// Streams a byte range of a zstd file (frames in sequence; skippable frames are
/// skipped by libzstd) and returns decompressed chunks of about `chunkSize` bytes.
///
/// `exactEnd` works as for `GzipReader`: a frame running past the end of a planned
/// split, or a split whose first frame fails, throws `InputError.splitMisaligned`.
///
/// libzstd reports an error without saying where, so input is fed about one block
/// per call (its own next-input hint): a corrupt block then fails in the call that
/// starts at it, and the error names that offset and the frame's start.
public final class ZstdReader: DecompressingReader, @unchecked Sendable {
    public let path: String
    private var input: CompressedInput
    private let dctx: OpaquePointer
    private let chunkSize: Int
    private let exactEnd: Bool
    private let fileSize: Int64
    /// libzstd's last return value: 0 exactly when it stands at a frame boundary with
    /// everything flushed.
    private var hint = 0
    private var framesDone = 0
    /// Compressed offset where the frame being decoded starts.
    private var frameStart: Int64
    /// Input for the first call of a frame: its header (at most 18 bytes) and the
    /// first block header; later calls take libzstd's hint.
    private static let frameStartFeed = 21
    private var finished = false

    public init(file: RandomAccessFile, range: Range<Int64>? = nil,
                chunkSize: Int = 4 << 20, exactEnd: Bool = false, prefetched: ContiguousArray<UInt8> = []) throws {
        path = file.path
        fileSize = file.size
        input = CompressedInput(file: file, range: range, prefetched: prefetched)
        frameStart = input.range.lowerBound
        self.chunkSize = max(1, chunkSize)
        self.exactEnd = exactEnd
        guard let dctx = ZSTD_createDCtx() else {
            throw InputError.readFailed(path: file.path, offset: input.range.lowerBound,
                                        reason: "cannot create a zstd decompression context")
        }
        self.dctx = dctx
    }

    deinit { ZSTD_freeDCtx(dctx) }

    public func nextChunk() throws -> ContiguousArray<UInt8>? {
        if finished { return nil }
        let chunk = try ContiguousArray<UInt8>(unsafeUninitializedCapacity: chunkSize) { out, initialized in
            initialized = 0
            try fill(out, produced: &initialized)
        }
        return chunk.isEmpty ? nil : chunk
    }

    private func fill(_ out: UnsafeMutableBufferPointer<UInt8>, produced: inout Int) throws {
        while produced < out.count {
            let haveInput = try input.refillIfEmpty()
            if !haveInput && hint == 0 {
                finished = true
                return
            }
            let before = (input.position, produced)
            let startOffset = input.offset
            var consumed = 0
            let feed = min(input.available, hint > 0 ? hint : Self.frameStartFeed)
            let ret: Int = input.buffer.withUnsafeBytes { inBuf in
                var src = ZSTD_inBuffer(src: inBuf.baseAddress.map { $0 + input.position },
                                        size: feed, pos: 0)
                var dst = ZSTD_outBuffer(dst: UnsafeMutableRawPointer(out.baseAddress.map { $0 + produced }),
                                         size: out.count - produced, pos: 0)
                let ret = ZSTD_decompressStream(dctx, &dst, &src)
                consumed = src.pos
                produced += dst.pos
                return ret
            }
            input.position += consumed
            if ZSTD_isError(ret) != 0 {
                let name = ZSTD_getErrorName(ret).map { String(cString: $0) } ?? "zstd error"
                throw failure(at: startOffset + Int64(consumed), reason: name, truncated: false)
            }
            hint = ret
            if ret == 0 {
                framesDone += 1
                frameStart = input.offset
            }
            if !haveInput && before == (input.position, produced) {
                throw failure(at: input.offset, reason: "input ends inside a zstd frame", truncated: true)
            }
        }
    }

    private func failure(at offset: Int64, reason: String, truncated: Bool) -> InputError {
        if exactEnd {
            if truncated && input.range.upperBound < fileSize {
                return .splitMisaligned(path: path, offset: offset)
            }
            if input.range.lowerBound > 0 && framesDone == 0 {
                return .splitMisaligned(path: path, offset: offset)
            }
        }
        return .corruptCompressed(path: path, codec: .zstd, offset: offset,
                                  reason: reason + " (in the frame starting at byte \(frameStart))")
    }
}
