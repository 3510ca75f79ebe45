#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Lake

/// Thin wrappers over POSIX calls that retry on EINTR and turn failures into messages.
enum PosixIO {
    static var lastError: String { FileSystemCause.describe(errno) }

    /// Writes all of `data` at the current position of `fd`.
    static func writeAll(_ fd: Int32, _ data: UnsafeRawBufferPointer) -> String? {
        var written = 0
        while written < data.count {
            let n = write(fd, data.baseAddress.map { $0 + written }, data.count - written)
            if n < 0, errno == EINTR { continue }
            if n <= 0 { return n < 0 ? lastError : "wrote 0 bytes" }
            written += n
        }
        return nil
    }

    /// Reads exactly `count` bytes at `offset`, or reports how many were there.
    static func readExactly(_ fd: Int32, count: Int, at offset: Int) -> Result<ContiguousArray<UInt8>, IOFailure> {
        var filled = 0
        var failure: String?
        let buffer = ContiguousArray<UInt8>(unsafeUninitializedCapacity: count) { out, initialized in
            while filled < count {
                let n = pread(fd, out.baseAddress.map { $0 + filled }, count - filled, off_t(offset + filled))
                if n < 0, errno == EINTR { continue }
                if n < 0 { failure = lastError; break }
                if n == 0 { failure = "file ends after \(filled) of \(count) bytes"; break }
                filled += n
            }
            initialized = filled
        }
        if let failure { return .failure(IOFailure(failure)) }
        return .success(buffer)
    }
}

/// A failure message from a low-level helper, given context by the caller.
struct IOFailure: Error {
    let reason: String
    init(_ reason: String) { self.reason = reason }
}
