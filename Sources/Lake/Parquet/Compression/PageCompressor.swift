import CZlib
import CZstd

/// Compresses page bodies with one reused codec context (a zstd CCtx or a zlib
/// stream reset per page) into a reused output buffer.
final class PageCompressor {
    let codec: CompressionCodec
    private let level: Int32
    private var zstd: OpaquePointer?
    private var zlib: UnsafeMutablePointer<z_stream>?
    private var scratch: UnsafeMutableRawBufferPointer

    init(_ compression: ParquetCompression) throws {
        scratch = .allocate(byteCount: 1 << 16, alignment: 16)
        switch compression {
        case .uncompressed:
            codec = .uncompressed
            level = 0
        case let .zstd(level):
            codec = .zstd
            self.level = level
            guard let ctx = ZSTD_createCCtx() else { throw PageDecodingError("cannot create a zstd context") }
            zstd = ctx
        case let .gzip(level):
            codec = .gzip
            self.level = level
            let stream = UnsafeMutablePointer<z_stream>.allocate(capacity: 1)
            stream.initialize(to: z_stream())
            // 15 + 16: a gzip wrapper, which is what Parquet's GZIP codec means.
            guard medallion_deflateInit2(stream, max(1, min(9, level)), 15 + 16) == Z_OK else {
                stream.deallocate()
                throw PageDecodingError("cannot initialise zlib")
            }
            zlib = stream
        }
    }

    deinit {
        if let zstd { ZSTD_freeCCtx(zstd) }
        if let zlib {
            deflateEnd(zlib)
            zlib.deallocate()
        }
        scratch.deallocate()
    }

    /// Compresses `input`; the result is valid until the next call. For
    /// UNCOMPRESSED it is `input` itself.
    func compress(_ input: UnsafeRawBufferPointer) throws -> UnsafeRawBufferPointer {
        switch codec {
        case .zstd:
            guard let zstd else { throw PageDecodingError("no zstd context") }
            let bound = ZSTD_compressBound(input.count)
            reserve(bound)
            let n = ZSTD_compressCCtx(zstd, scratch.baseAddress, scratch.count, input.baseAddress, input.count, level)
            guard ZSTD_isError(n) == 0 else {
                throw PageDecodingError("zstd: " + String(cString: ZSTD_getErrorName(n)))
            }
            return UnsafeRawBufferPointer(rebasing: scratch[0 ..< n])
        case .gzip:
            guard let zlib else { throw PageDecodingError("no zlib stream") }
            deflateReset(zlib)
            let bound = Int(deflateBound(zlib, UInt(input.count))) + 32
            reserve(bound)
            zlib.pointee.next_in = UnsafeMutablePointer(mutating: input.baseAddress?.assumingMemoryBound(to: UInt8.self))
            zlib.pointee.avail_in = UInt32(input.count)
            zlib.pointee.next_out = scratch.baseAddress?.assumingMemoryBound(to: UInt8.self)
            zlib.pointee.avail_out = UInt32(scratch.count)
            let rc = deflate(zlib, Z_FINISH)
            guard rc == Z_STREAM_END else { throw PageDecodingError("deflate failed (\(rc))") }
            return UnsafeRawBufferPointer(rebasing: scratch[0 ..< Int(zlib.pointee.total_out)])
        default:
            return input
        }
    }

    private func reserve(_ bytes: Int) {
        guard scratch.count < bytes else { return }
        scratch.deallocate()
        scratch = .allocate(byteCount: max(bytes, scratch.count * 2), alignment: 16)
    }
}
