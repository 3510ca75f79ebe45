#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A read-only file read by offset (`pread`), safe to share between tasks:
/// positional reads carry no shared cursor.
public final class RandomAccessFile: @unchecked Sendable {
    public let path: String
    public let size: Int64
    private let fd: Int32

    public init(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            throw InputError.cannotOpen(path: path, reason: String(cString: strerror(errno)))
        }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = String(cString: strerror(errno))
            close(fd)
            throw InputError.cannotOpen(path: path, reason: reason)
        }
        self.path = path
        self.fd = fd
        self.size = Int64(info.st_size)
    }

    deinit { close(fd) }

    /// Reads up to `count` bytes at `offset` into `buffer` (replacing its contents).
    /// Returns fewer bytes only at the end of the file.
    public func read(at offset: Int64, count: Int, into buffer: inout ContiguousArray<UInt8>) throws {
        let wanted = max(0, min(Int64(count), size - offset))
        buffer.removeAll(keepingCapacity: true)
        guard wanted > 0 else { return }
        var filled = 0
        buffer = ContiguousArray(unsafeUninitializedCapacity: Int(wanted)) { raw, initialized in
            while filled < Int(wanted) {
                let n = pread(fd, raw.baseAddress.map { $0 + filled }, Int(wanted) - filled, off_t(offset) + off_t(filled))
                if n < 0, errno == EINTR { continue }
                if n <= 0 { break }
                filled += n
            }
            initialized = filled
        }
        if filled < Int(wanted) {
            throw InputError.readFailed(path: path, offset: offset + Int64(filled),
                                        reason: "short read (file changed while reading?)")
        }
    }

    /// Convenience: returns the bytes at `offset ..< offset+count` (clipped to the file).
    public func read(at offset: Int64, count: Int) throws -> ContiguousArray<UInt8> {
        var buffer = ContiguousArray<UInt8>()
        try read(at: offset, count: count, into: &buffer)
        return buffer
    }
}
