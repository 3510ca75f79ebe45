#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file opened for positional reads. `pread` keeps no shared position, so one
/// source can serve concurrent readers.
final class FileSource: Sendable {
    let path: String
    let size: Int64
    private let fd: Int32

    init(path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw ParquetError(.io, path: path, "cannot open: " + FileSystemCause.describe(errno)) }
        var info = stat()
        guard fstat(fd, &info) == 0 else {
            let reason = FileSystemCause.describe(errno)
            _ = close(fd)
            throw ParquetError(.io, path: path, "cannot stat: " + reason)
        }
        self.fd = fd
        self.path = path
        size = Int64(info.st_size)
    }

    deinit { _ = close(fd) }

    /// Exactly `count` bytes at `offset`; a range outside the file is a corrupt
    /// file (its metadata pointed there), a short read an I/O error.
    func read(at offset: Int64, count: Int, what: String) throws -> ContiguousArray<UInt8> {
        guard offset >= 0, count >= 0, offset <= size, Int64(count) <= size - offset else {
            throw ParquetError(.corrupt, path: path, offset: offset,
                               "\(what) of \(count) bytes lies outside the \(size)-byte file")
        }
        var failure: ParquetError?
        let bytes = ContiguousArray<UInt8>(unsafeUninitializedCapacity: count) { buffer, initialized in
            var done = 0
            while done < count {
                let n = pread(fd, buffer.baseAddress.map { UnsafeMutableRawPointer($0 + done) }, count - done, off_t(offset) + off_t(done))
                if n < 0, errno == EINTR { continue }
                if n <= 0 {
                    let reason = n == 0 ? "unexpected end of file" : FileSystemCause.describe(errno)
                    failure = ParquetError(.io, path: path, offset: offset + Int64(done), "reading \(what): \(reason)")
                    break
                }
                done += n
            }
            initialized = done
        }
        if let failure { throw failure }
        return bytes
    }
}
