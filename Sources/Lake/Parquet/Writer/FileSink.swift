#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The output file: full writes, a running offset, errors that name the file.
final class FileSink {
    let path: String
    private var fd: Int32
    private(set) var offset: Int64 = 0

    init(path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else {
            throw ParquetError(.io, path: path, "cannot create: " + FileSystemCause.describe(errno))
        }
        self.fd = fd
        self.path = path
    }

    deinit { if fd >= 0 { _ = closeFile(fd) } }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress, fd >= 0 else {
            if fd < 0 { throw ParquetError(.io, path: path, "write after close") }
            return
        }
        var done = 0
        while done < bytes.count {
            let n = writeFile(fd, base + done, bytes.count - done)
            if n < 0, errno == EINTR { continue }
            guard n > 0 else {
                throw ParquetError(.io, path: path, offset: offset + Int64(done), "write failed: " + FileSystemCause.describe(errno))
            }
            done += n
        }
        offset += Int64(bytes.count)
    }

    func write(_ bytes: ContiguousArray<UInt8>) throws {
        try bytes.withUnsafeBytes { (raw) throws in try write(raw) }
    }

    func close() throws {
        guard fd >= 0 else { return }
        let rc = closeFile(fd)
        fd = -1
        if rc != 0 { throw ParquetError(.io, path: path, "close failed: " + FileSystemCause.describe(errno)) }
    }

    /// Closes (ignoring errors) and removes the file.
    func discard() {
        if fd >= 0 { _ = closeFile(fd) }
        fd = -1
        unlink(path)
    }
}

// FileSink's methods shadow the C names.
private func writeFile(_ fd: Int32, _ p: UnsafeRawPointer, _ n: Int) -> Int { write(fd, p, n) }
private func closeFile(_ fd: Int32) -> Int32 { close(fd) }
