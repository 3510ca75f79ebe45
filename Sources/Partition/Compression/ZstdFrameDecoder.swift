import CZstd

/// Decodes a compressed split of whole zstd frames held in memory, one frame at a
/// time into a buffer of exactly the frame's declared content size: no streaming
/// window copy, and one segment per frame. Frames that do not declare their size
/// (or a split that does not parse as whole frames) make `decodeFrames` return nil,
/// and the caller falls back to the streaming `ZstdReader`, which also produces the
/// precise error for corrupt input.
final class ZstdFrameDecoder {
    private let dctx: OpaquePointer
    /// Frames larger than this are streamed instead (bounds one allocation).
    static let maxFrameContent = 64 << 20

    init?() {
        guard let dctx = ZSTD_createDCtx() else { return nil }
        self.dctx = dctx
    }

    deinit { ZSTD_freeDCtx(dctx) }

    /// The decompressed frames of `compressed`, or nil when the fast path does not apply.
    func decodeFrames(_ compressed: ContiguousArray<UInt8>) -> [ContiguousArray<UInt8>]? {
        compressed.withUnsafeBytes { raw -> [ContiguousArray<UInt8>]? in
            guard let base = raw.baseAddress else { return [] }
            var frames: [ContiguousArray<UInt8>] = []
            var offset = 0
            while offset < raw.count {
                let remaining = raw.count - offset
                let frameSize = ZSTD_findFrameCompressedSize(base + offset, remaining)
                guard ZSTD_isError(frameSize) == 0, frameSize > 0, frameSize <= remaining else { return nil }
                if remaining >= 4, ZstdFormat.isSkippable(raw.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) {
                    offset += frameSize
                    continue
                }
                let content = ZSTD_getFrameContentSize(base + offset, frameSize)
                // ZSTD_CONTENTSIZE_UNKNOWN / _ERROR are the two largest UInt64 values.
                guard content < UInt64.max - 1, content <= UInt64(Self.maxFrameContent) else { return nil }
                let size = Int(content)
                var failed = false
                let frame = ContiguousArray<UInt8>(unsafeUninitializedCapacity: size) { out, initialized in
                    let written = ZSTD_decompressDCtx(dctx, out.baseAddress, size, base + offset, frameSize)
                    if ZSTD_isError(written) != 0 || written != size {
                        failed = true
                        initialized = 0
                    } else {
                        initialized = written
                    }
                }
                if failed { return nil }
                if !frame.isEmpty { frames.append(frame) }
                offset += frameSize
            }
            return frames
        }
    }
}
