import CZstd

/// One-shot zstd compression of a block (each spilled batch is one block).
enum ZstdBlock {
    /// Level 1: spilling is on the critical path, ratio matters less than speed.
    static let level: Int32 = 1

    static func compress(_ input: ContiguousArray<UInt8>) throws(SpillError) -> ContiguousArray<UInt8> {
        let bound = ZSTD_compressBound(input.count)
        var status = 0
        let output = ContiguousArray<UInt8>(unsafeUninitializedCapacity: bound) { out, initialized in
            status = input.withUnsafeBytes { src in
                ZSTD_compress(out.baseAddress, bound, src.baseAddress, src.count, level)
            }
            initialized = ZSTD_isError(status) != 0 ? 0 : status
        }
        if ZSTD_isError(status) != 0 { throw .compression(reason: errorName(status)) }
        return output
    }

    static func decompress(_ input: UnsafeRawBufferPointer, rawLength: Int) -> Result<ContiguousArray<UInt8>, IOFailure> {
        var status = 0
        let output = ContiguousArray<UInt8>(unsafeUninitializedCapacity: rawLength) { out, initialized in
            status = ZSTD_decompress(out.baseAddress, rawLength, input.baseAddress, input.count)
            initialized = ZSTD_isError(status) != 0 ? 0 : min(status, rawLength)
        }
        if ZSTD_isError(status) != 0 { return .failure(IOFailure(errorName(status))) }
        guard status == rawLength else { return .failure(IOFailure("decompressed \(status) bytes, expected \(rawLength)")) }
        return .success(output)
    }

    private static func errorName(_ code: Int) -> String {
        guard let name = ZSTD_getErrorName(code) else { return "error \(code)" }
        return String(cString: name)
    }
}
