import CZstd

/// How `ZstdFrameWriter` divides its input into frames.
public enum ZstdFrameLayout: Sendable, Equatable {
    /// Independent frames of about this many uncompressed bytes each.
    case frames(uncompressedBytes: Int)
    /// Everything in one frame.
    case singleFrame
}

/// Writes a zstd file as a sequence of independent frames, optionally followed by a
/// seekable-format seek table. Takes bytes incrementally; call `finish()` at the end.
public final class ZstdFrameWriter {
    public let path: String
    public let layout: ZstdFrameLayout
    private let output: OutputFile
    private let cctx: OpaquePointer
    private let cutter: FrameCutter
    private let seekTable: Bool
    private let outBuffer: UnsafeMutableRawBufferPointer
    /// Sizes of finished frames, for the seek table.
    private var frameSizes: [(compressed: Int, uncompressed: Int)] = []
    private var frameIn = 0
    private var frameOut = 0
    private var finished = false

    /// Number of frames written so far (not counting the seek table).
    public var frameCount: Int { frameSizes.count }

    public init(path: String, layout: ZstdFrameLayout = .frames(uncompressedBytes: 4 << 20),
                level: Int = 3, checksum: Bool = false, seekTable: Bool = false,
                cutAtNewlines: Bool = false) throws {
        // Open the file first: a throw after taking the C resources below would leak
        // them (deinit only runs once every property is set).
        output = try OutputFile(path: path)
        guard let cctx = ZSTD_createCCtx() else {
            throw CompressionWriterError.compressorFailed(path: path, reason: "cannot create a zstd context")
        }
        self.cctx = cctx
        outBuffer = .allocate(byteCount: ZSTD_CStreamOutSize(), alignment: 16)
        self.path = path
        self.layout = layout
        self.seekTable = seekTable
        switch layout {
        case let .frames(size): cutter = FrameCutter(target: max(1, size), cutAtNewlines: cutAtNewlines)
        case .singleFrame: cutter = FrameCutter(target: nil, cutAtNewlines: false)
        }
        try check(ZSTD_CCtx_setParameter(cctx, ZSTD_c_compressionLevel, Int32(clamping: level)))
        try check(ZSTD_CCtx_setParameter(cctx, ZSTD_c_checksumFlag, checksum ? 1 : 0))
    }

    deinit {
        ZSTD_freeCCtx(cctx)
        outBuffer.deallocate()
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard !finished else { throw CompressionWriterError.alreadyFinished(path: path) }
        var rest = bytes
        while !rest.isEmpty {
            let (take, endsFrame) = cutter.split(rest, inFrame: frameIn)
            try compress(UnsafeRawBufferPointer(rebasing: rest.prefix(take)), end: false)
            frameIn += take
            if endsFrame { try endFrame() }
            rest = UnsafeRawBufferPointer(rebasing: rest.dropFirst(take))
        }
    }

    public func write(contentsOf bytes: some Collection<UInt8>) throws {
        if let done = try bytes.withContiguousStorageIfAvailable({ try write(UnsafeRawBufferPointer($0)) }) {
            return done
        }
        try ContiguousArray(bytes).withUnsafeBytes { try write($0) }
    }

    /// Ends the last frame, appends the seek table if asked for, and closes the file.
    /// Empty input still makes one (empty) frame, so the file is valid zstd.
    public func finish() throws {
        guard !finished else { return }
        finished = true
        if frameIn > 0 || frameSizes.isEmpty { try endFrame() }
        if seekTable { try writeSeekTable() }
        try output.close()
    }

    private func endFrame() throws {
        try compress(UnsafeRawBufferPointer(start: nil, count: 0), end: true)
        frameSizes.append((frameOut, frameIn))
        frameIn = 0
        frameOut = 0
    }

    private func compress(_ bytes: UnsafeRawBufferPointer, end: Bool) throws {
        guard end || !bytes.isEmpty else { return }
        var input = ZSTD_inBuffer(src: bytes.baseAddress, size: bytes.count, pos: 0)
        var done = false
        while !done {
            var out = ZSTD_outBuffer(dst: outBuffer.baseAddress, size: outBuffer.count, pos: 0)
            let remaining = ZSTD_compressStream2(cctx, &out, &input, end ? ZSTD_e_end : ZSTD_e_continue)
            try check(remaining)
            try output.write(UnsafeRawBufferPointer(rebasing: outBuffer.prefix(out.pos)))
            frameOut += out.pos
            done = end ? remaining == 0 : input.pos == input.size
        }
    }

    private func writeSeekTable() throws {
        let limit = Int(UInt32.max)
        var table = ContiguousArray<UInt8>()
        let payload = frameSizes.count * 8 + ZstdFormat.seekTableFooterSize
        guard frameSizes.count <= limit, payload <= limit,
              frameSizes.allSatisfy({ $0.compressed <= limit && $0.uncompressed <= limit })
        else {
            throw CompressionWriterError.tooLarge(path: path, reason: "frames too large or too many for a seek table")
        }
        table.appendLE32(ZstdFormat.seekTableMagic)
        table.appendLE32(UInt32(payload))
        for frame in frameSizes {
            table.appendLE32(UInt32(frame.compressed))
            table.appendLE32(UInt32(frame.uncompressed))
        }
        table.appendLE32(UInt32(frameSizes.count))
        table.append(0)  // descriptor: no per-frame checksums
        table.appendLE32(ZstdFormat.seekableFooterMagic)
        try output.write(table)
    }

    private func check(_ code: Int) throws {
        if ZSTD_isError(code) != 0 {
            let name = ZSTD_getErrorName(code).map { String(cString: $0) } ?? "zstd error"
            throw CompressionWriterError.compressorFailed(path: path, reason: name)
        }
    }
}
