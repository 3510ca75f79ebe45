/// A pull-based stream of decompressed bytes from one file (or one byte range of it).
///
/// Implemented by `GzipReader` and `ZstdReader`. Readers of a range planned by
/// `CompressedSplitPlanner` take `exactEnd: true` and then throw
/// `InputError.splitMisaligned` when the range turns out not to hold whole
/// frames/members; the caller should then read the file as one stream.
///
/// Implementations are single-consumer: callers never call `nextChunk` concurrently
/// on one reader (they may hand a reader from task to task).
public protocol DecompressingReader: AnyObject, Sendable {
    /// The next chunk of decompressed bytes (never empty), or nil at the end of the input.
    /// Throws `InputError.corruptCompressed` naming the file and compressed byte offset
    /// when the data is corrupt or truncated.
    func nextChunk() throws -> ContiguousArray<UInt8>?
}
