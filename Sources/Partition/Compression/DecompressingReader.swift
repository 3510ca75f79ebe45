/// A pull-based stream of decompressed bytes from one file (or one byte range of it).
///
/// Implementations are single-consumer: callers never call `nextChunk` concurrently
/// on one reader (they may hand a reader from task to task).
public protocol DecompressingReader: AnyObject, Sendable {
    /// The next chunk of decompressed bytes (never empty), or nil at the end of the input.
    /// Throws `InputError.corruptCompressed` naming the file and compressed byte offset
    /// when the data is corrupt or truncated.
    func nextChunk() throws -> ContiguousArray<UInt8>?
}
