import Files

/// A read-only file read by offset (`pread`), safe to share between tasks:
/// positional reads carry no shared cursor.
public final class RandomAccessFile: Sendable {
    public let path: String
    public let size: Int64
    private let file: ReadableFile

    public init(path: String) throws {
        do { file = try ReadableFile(path: path) } catch {
            throw InputError.cannotOpen(path: path, reason: error.reason)
        }
        self.path = path
        size = file.size
    }

    /// Up to `count` bytes from `offset` (fewer only at the end of the file) into `buffer`.
    public func read(at offset: Int64, count: Int, into buffer: inout ContiguousArray<UInt8>) throws {
        let wanted = max(0, min(Int64(count), size - offset))
        do { try file.read(at: offset, count: Int(wanted), into: &buffer) } catch {
            throw InputError.readFailed(path: path, offset: error.offset ?? offset, reason: error.reason)
        }
    }

    public func read(at offset: Int64, count: Int) throws -> ContiguousArray<UInt8> {
        var buffer = ContiguousArray<UInt8>()
        try read(at: offset, count: count, into: &buffer)
        return buffer
    }
}
