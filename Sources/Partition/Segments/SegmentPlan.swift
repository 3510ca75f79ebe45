/// How a file is cut into segments that tasks can load independently.
public enum SegmentPlan: Sendable, Equatable {
    /// Plain CSV: byte ranges read in parallel.
    case byteRanges([Range<Int64>])
    /// Independent zstd frames / gzip members grouped into compressed ranges,
    /// each decompressed by its own task.
    case compressedSplits(Codec, [Range<Int64>])
    /// One compressed stream: one reader decompresses chunk after chunk while other
    /// tasks parse the chunks already read. No codec: sniffed from the first read (a small
    /// object from a listing, planned without a request).
    case stream(Codec?)

    public var segmentCount: Int? {
        switch self {
        case let .byteRanges(r): r.count
        case let .compressedSplits(_, r): r.count
        case .stream: nil
        }
    }
}

/// Split sizes for planning.
public struct SplitSizes: Sendable, Equatable {
    /// Plain CSV byte range per segment.
    public var plainBytes: Int
    /// Compressed bytes per split of a multi-frame/multi-member file.
    public var compressedBytes: Int
    /// Decompressed bytes per chunk of a single-stream file.
    public var streamChunkBytes: Int

    public init(plainBytes: Int = 32 << 20, compressedBytes: Int = 2 << 20, streamChunkBytes: Int = 8 << 20) {
        self.plainBytes = max(1, plainBytes)
        self.compressedBytes = max(1, compressedBytes)
        self.streamChunkBytes = max(1, streamChunkBytes)
    }
}
