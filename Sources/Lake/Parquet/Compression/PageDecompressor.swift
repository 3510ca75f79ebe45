import CZlib
import CZstd

/// Decompresses page bodies to their declared size, reusing one context per codec.
/// Output that is not exactly the declared size is an error (a corrupt page).
final class PageDecompressor {
    private var zstd: OpaquePointer?
    private var zlib: UnsafeMutablePointer<z_stream>?

    init() {}

    deinit {
        if let zstd { ZSTD_freeDCtx(zstd) }
        if let zlib {
            inflateEnd(zlib)
            zlib.deallocate()
        }
    }

    func decompress(_ codec: CompressionCodec, _ input: UnsafeRawBufferPointer,
                    uncompressedSize size: Int) throws -> ContiguousArray<UInt8> {
        switch codec {
        case .uncompressed:
            guard input.count == size else {
                throw PageDecodingError("uncompressed page of \(input.count) bytes declares \(size)")
            }
            return ContiguousArray(input)
        case .zstd:
            return try decompressZstd(input, size)
        case .gzip:
            return try inflate(input, size)
        default:
            throw PageDecodingError("compression codec \(codec) is not supported (ZSTD, GZIP and UNCOMPRESSED are)")
        }
    }

    private func decompressZstd(_ input: UnsafeRawBufferPointer, _ size: Int) throws -> ContiguousArray<UInt8> {
        if zstd == nil { zstd = ZSTD_createDCtx() }
        guard let zstd else { throw PageDecodingError("cannot create a zstd context") }
        var failure: String?
        let out = ContiguousArray<UInt8>(unsafeUninitializedCapacity: size) { buffer, count in
            let n = ZSTD_decompressDCtx(zstd, buffer.baseAddress, size, input.baseAddress, input.count)
            if ZSTD_isError(n) != 0 {
                failure = "zstd: " + String(cString: ZSTD_getErrorName(n))
            } else if n != size {
                failure = "zstd page decompressed to \(n) bytes, header says \(size)"
            }
            // Only what zstd wrote counts as initialised.
            count = ZSTD_isError(n) != 0 ? 0 : min(n, size)
        }
        if let failure { throw PageDecodingError(failure) }
        return out
    }

    private func inflate(_ input: UnsafeRawBufferPointer, _ size: Int) throws -> ContiguousArray<UInt8> {
        if zlib == nil {
            let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            stream.initialize(to: z_stream())
            // 15 + 32: accept a gzip or zlib wrapper (writers differ).
            guard medallion_inflateInit2(stream, 15 + 32) == Z_OK else {
                stream.deallocate()
                throw PageDecodingError("cannot initialise zlib")
            }
            zlib = stream
        } else if let zlib {
            inflateReset(zlib)
        }
        guard let strm = zlib else { throw PageDecodingError("no zlib stream") }
        guard input.count <= Int(UInt32.max), size <= Int(UInt32.max) else { throw PageDecodingError("page too large") }
        var failure: String?
        let out = ContiguousArray<UInt8>(unsafeUninitializedCapacity: size) { buffer, count in
            strm.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
            strm.pointee.avail_in = UInt32(input.count)
            strm.pointee.next_out = buffer.baseAddress
            strm.pointee.avail_out = UInt32(size)
            var produced = 0
            while true {
                let rc = CZlib.inflate(strm, Z_FINISH)
                produced = size - Int(strm.pointee.avail_out)
                if rc == Z_STREAM_END {
                    // Concatenated members: keep going while input and room remain.
                    if strm.pointee.avail_in > 0, strm.pointee.avail_out > 0 {
                        inflateReset(strm)
                        continue
                    }
                    break
                }
                if rc == Z_BUF_ERROR, strm.pointee.avail_out == 0 { failure = "gzip page inflates past its declared \(size) bytes" }
                else { failure = "gzip: " + (strm.pointee.msg.map { String(cString: $0) } ?? "inflate error \(rc)") }
                break
            }
            if failure == nil, produced != size { failure = "gzip page inflated to \(produced) bytes, header says \(size)" }
            count = produced
        }
        if let failure { throw PageDecodingError(failure) }
        return out
    }
}
