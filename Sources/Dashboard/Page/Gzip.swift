import CZlib

/// One-shot gzip (the page's data is inflated in the browser by `DecompressionStream("gzip")`).
enum Gzip {
    static func compress(_ input: [UInt8], level: Int32 = 6) throws -> [UInt8] {
        var stream = z_stream()
        // 15 + 16: a gzip wrapper around the deflate stream.
        guard medallion_deflateInit2(&stream, level, 15 + 16) == Z_OK else { throw DashboardError("cannot initialise zlib") }
        defer { deflateEnd(&stream) }
        var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(input.count))) + 64)
        let rc = input.withUnsafeBufferPointer { source in
            output.withUnsafeMutableBufferPointer { target in
                stream.next_in = UnsafeMutablePointer(mutating: source.baseAddress)
                stream.avail_in = UInt32(source.count)
                stream.next_out = target.baseAddress
                stream.avail_out = UInt32(target.count)
                return deflate(&stream, Z_FINISH)
            }
        }
        guard rc == Z_STREAM_END else { throw DashboardError("deflate failed (\(rc))") }
        return Array(output[0 ..< Int(stream.total_out)])
    }
}
