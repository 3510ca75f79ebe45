/// Plans parallel reads of a compressed file: contiguous compressed byte ranges that
/// cover the file, each starting at a zstd frame or gzip member boundary, grouping
/// consecutive frames/members to about a target size. Never decompresses to find
/// boundaries (except gzip's short trial inflates of candidate member headers).
///
/// Read each range with `exactEnd: true`; an `InputError.splitMisaligned` then means
/// a guessed boundary was wrong and the file must be read as one stream.
public enum CompressedSplitPlanner {
    /// Ranges covering `file`. One range for a single frame/member (or a plain or empty
    /// file). Throws `InputError.corruptCompressed` when headers are inconsistent.
    public static func splits(of file: RandomAccessFile, codec: Codec,
                              targetCompressedBytes: Int) throws -> [Range<Int64>] {
        var splits = SplitAccumulator(target: targetCompressedBytes)
        guard file.size > 0 else { return splits.finish(fileSize: 0) }
        switch codec {
        case .plain:
            break
        case .zstd:
            var walker = ZstdFrameWalker(file: file)
            if try !walker.addSeekTableFrames(to: &splits) {
                try walker.addWalkedFrames(from: 0, to: &splits)
            }
        case .gzip:
            var locator = GzipMemberLocator(file: file)
            let rest = try locator.walkSizedMembers(to: &splits)
            if rest < file.size {
                try locator.addScannedMembers(from: rest, to: &splits)
            }
        }
        return splits.finish(fileSize: file.size)
    }
}
