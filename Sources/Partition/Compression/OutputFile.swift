#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file created (or truncated) for writing, with full-write semantics; errors name the path.
public final class OutputFile {
    public let path: String
    private var fd: Int32

    public init(path: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        guard fd >= 0 else {
            throw CompressionWriterError.cannotCreate(path: path, reason: String(cString: strerror(errno)))
        }
        self.path = path
        self.fd = fd
    }

    deinit { if fd >= 0 { _ = systemClose(fd) } }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            let n = systemWrite(fd, base + done, bytes.count - done)
            if n < 0, errno == EINTR { continue }
            guard n > 0 else {
                throw CompressionWriterError.writeFailed(path: path, reason: String(cString: strerror(errno)))
            }
            done += n
        }
    }

    public func write(_ bytes: ContiguousArray<UInt8>) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    public func close() throws {
        guard fd >= 0 else { return }
        let rc = systemClose(fd)
        fd = -1
        if rc != 0 {
            throw CompressionWriterError.writeFailed(path: path, reason: String(cString: strerror(errno)))
        }
    }
}

// The methods above shadow the C functions' names.
private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int { write(fd, bytes, count) }
private func systemClose(_ fd: Int32) -> Int32 { close(fd) }
