import Synchronization

/// Loads the segments of one file according to its plan. Range plans may load any
/// segment from any task; a stream plan hands out chunks strictly in order, so the
/// caller keeps at most one `next` call in flight per stream.
///
/// The file is open only while it is being read: planning opens and closes it, the
/// first load opens it again and `close()` (or the end of a stream) lets it go. A scan
/// plans every file up front, and holding them all open would run into the process's
/// open-file limit on a backfill of a few thousand files.
public final class SegmentSource: @unchecked Sendable {
    public let file: InputFile
    public let plan: SegmentPlan
    private let openHandle = Mutex<RandomAccessFile?>(nil)
    let sizes: SplitSizes
    /// Only touched by one task at a time (the caller serialises stream reads).
    var stream: (any DecompressingReader)?
    var streamEnded = false

    /// `parallelism`: how many tasks will share this file's work; a small file is then cut
    /// finer (down to 1 MiB pieces, 256 KiB compressed) so that every task gets several
    /// segments.
    public init(file: InputFile, sizes: SplitSizes, parallelism: Int = 1, forceStream: Bool = false) throws {
        self.sizes = sizes
        if file.codec == nil, file.size <= Self.wholeFileLimit(size: file.size, sizes: sizes, parallelism: parallelism) {
            // Read whole by one stream whatever its codec: sniffed from the stream's first read,
            // so planning sends nothing to an object store.
            self.file = file
            plan = .stream(nil)
            return
        }
        let planning = try RandomAccessFile(opening: file)
        let codec = try file.codec ?? Codec.detect(prefix: planning.read(at: 0, count: 4))
        var sniffed = file
        sniffed.codec = codec
        self.file = sniffed
        plan = try SegmentSource.plan(codec: codec, handle: planning, sizes: sizes, parallelism: parallelism, forceStream: forceStream)
    }

    /// The size up to which a file is one piece whatever its codec: the smaller of the plain
    /// and the compressed split sizes.
    static func wholeFileLimit(size: Int64, sizes: SplitSizes, parallelism: Int) -> Int64 {
        Int64(min(splitSize(configured: sizes.plainBytes, fileSize: size, parallelism: parallelism, floor: 1 << 20),
                  splitSize(configured: sizes.compressedBytes, fileSize: size, parallelism: parallelism, floor: 256 << 10)))
    }

    /// The open file, opened on first use.
    func handle() throws -> RandomAccessFile {
        try openHandle.withLock { open in
            if let open { return open }
            let opened = try RandomAccessFile(opening: file)
            open = opened
            return opened
        }
    }

    /// Closes the file (a later load opens it again). Call when no load is in flight.
    public func close() {
        openHandle.withLock { $0 = nil }
        stream = nil
    }

    /// Whether the file is open now.
    var isOpen: Bool { openHandle.withLock { $0 != nil } }

    /// A split size near `configured` but small enough for ~4 splits per task, and not
    /// below `floor`. A file no other task shares (`parallelism` 1) is split only where
    /// it exceeds `configured`.
    static func splitSize(configured: Int, fileSize: Int64, parallelism: Int, floor: Int) -> Int {
        guard parallelism > 1 else { return configured }
        let perTask = Int(fileSize / Int64(parallelism * 4))
        return max(min(configured, floor), min(configured, perTask))
    }

    static func plan(codec: Codec, handle: RandomAccessFile, sizes: SplitSizes, parallelism: Int, forceStream: Bool) throws -> SegmentPlan {
        switch codec {
        case .plain:
            let step = Int64(splitSize(configured: sizes.plainBytes, fileSize: handle.size, parallelism: parallelism,
                                       floor: 1 << 20))
            var ranges: [Range<Int64>] = []
            var start: Int64 = 0
            while start < handle.size {
                ranges.append(start ..< min(handle.size, start + step))
                start += step
            }
            return .byteRanges(ranges)
        case .gzip, .zstd:
            if forceStream { return .stream(codec) }
            // A quarter of the plain floor: about as much text once decompressed.
            let target = splitSize(configured: sizes.compressedBytes, fileSize: handle.size, parallelism: parallelism,
                                   floor: 256 << 10)
            let splits = try CompressedSplitPlanner.splits(of: handle, codec: codec, targetCompressedBytes: target)
            return splits.count > 1 ? .compressedSplits(codec, splits) : .stream(codec)
        }
    }

    /// Loads piece `index` of a range plan as segments of at most `streamChunkBytes`
    /// (small buffers are reused by the allocator; tens-of-megabyte ones would be
    /// fresh, page-faulting memory every time). For a stream plan: the next chunk
    /// (`index` must then count up from 0). nil when there is nothing more.
    public func load(_ index: Int) throws -> [Segment]? {
        switch plan {
        case let .byteRanges(ranges):
            guard index < ranges.count else { return nil }
            let range = ranges[index]
            let reader = PlainReader(file: try handle(), range: range, chunkSize: sizes.streamChunkBytes)
            var segments: [Segment] = []
            while let chunk = try reader.nextChunk() {
                segments.append(Segment(bytes: chunk, sourceBytes: chunk.count))
            }
            return segments
        case let .compressedSplits(codec, ranges):
            guard index < ranges.count else { return nil }
            let range = ranges[index]
            var compressed: ContiguousArray<UInt8> = []
            if codec == .zstd, range.count <= Int64(ZstdFrameDecoder.maxFrameContent), let decoder = ZstdFrameDecoder() {
                compressed = try handle().read(at: range.lowerBound, count: Int(range.count))
                if let frames = decoder.decodeFrames(compressed) {
                    var segments = frames.map { Segment(bytes: $0, sourceBytes: 0) }
                    if !segments.isEmpty { segments[0].sourceBytes = Int(range.count) }
                    return segments
                }
            }
            // Streamed (frames without a content size, gzip members), from the bytes already read if any.
            let reader = try makeReader(codec: codec, range: range, exactEnd: true, prefetched: compressed)
            var segments: [Segment] = []
            while let chunk = try reader.nextChunk() {
                segments.append(Segment(bytes: chunk, sourceBytes: 0))
            }
            if !segments.isEmpty { segments[0].sourceBytes = Int(range.count) }
            return segments
        case let .stream(codec):
            if streamEnded { return nil }
            if stream == nil { stream = try openStream(codec) }
            guard let reader = stream, let chunk = try reader.nextChunk() else {
                // Free the decoder (context, window, input buffer) and the file at
                // once: a scan keeps every file's source until it ends, and hundreds
                // of finished streams would otherwise hold ~1.7 MB and a descriptor each.
                close()
                streamEnded = true
                return nil
            }
            // A stream's compressed bytes are counted once, when it ends.
            return [Segment(bytes: chunk, sourceBytes: 0)]
        }
    }

    /// The reader of a whole-file stream. Without a codec, the first slab read tells it, and
    /// the reader starts from that slab: one request for a small object, not two.
    func openStream(_ codec: Codec?) throws -> any DecompressingReader {
        let opened = try handle()
        let whole = 0 ..< opened.size
        if let codec { return try makeReader(codec: codec, range: whole, exactEnd: false) }
        let head = try opened.read(at: 0, count: Int(min(Int64(CompressedInput.readSize), opened.size)))
        return try makeReader(codec: Codec.detect(prefix: head), range: whole, exactEnd: false, prefetched: head)
    }

    /// `prefetched`: the first bytes of `range`, already read.
    func makeReader(codec: Codec, range: Range<Int64>, exactEnd: Bool,
                    prefetched: ContiguousArray<UInt8> = []) throws -> any DecompressingReader {
        let opened = try handle()
        switch codec {
        case .gzip:
            return try GzipReader(file: opened, range: range, chunkSize: sizes.streamChunkBytes, exactEnd: exactEnd,
                                  prefetched: prefetched)
        case .zstd:
            return try ZstdReader(file: opened, range: range, chunkSize: sizes.streamChunkBytes, exactEnd: exactEnd,
                                  prefetched: prefetched)
        case .plain:
            return PlainReader(file: opened, range: range, chunkSize: sizes.streamChunkBytes, prefetched: prefetched)
        }
    }
}

/// Reads a plain byte range in chunks (the stream form of an uncompressed file).
final class PlainReader: DecompressingReader, @unchecked Sendable {
    let file: RandomAccessFile
    var offset: Int64
    let end: Int64
    let chunkSize: Int

    /// The first bytes of the range, already read: the first chunk.
    var prefetched: ContiguousArray<UInt8>

    init(file: RandomAccessFile, range: Range<Int64>, chunkSize: Int, prefetched: ContiguousArray<UInt8> = []) {
        self.file = file
        offset = range.lowerBound
        end = range.upperBound
        self.chunkSize = chunkSize
        self.prefetched = prefetched
    }

    func nextChunk() throws -> ContiguousArray<UInt8>? {
        if !prefetched.isEmpty {
            defer { prefetched = [] }
            offset += Int64(prefetched.count)
            return prefetched
        }
        guard offset < end else { return nil }
        let bytes = try file.read(at: offset, count: Int(min(Int64(chunkSize), end - offset)))
        offset += Int64(bytes.count)
        return bytes.isEmpty ? nil : bytes
    }
}
