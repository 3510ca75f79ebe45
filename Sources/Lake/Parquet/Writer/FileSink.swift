#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Files

/// The output file: full writes, a running offset, errors that name the file.
final class FileSink {
    let path: String
    private var file: WritableFile?

    init(path: String) throws {
        do { file = try WritableFile(path: path) } catch { throw ParquetError(.io, path: path, error.reason) }
        self.path = path
    }

    /// Bytes written so far.
    var offset: Int64 { file?.offset ?? 0 }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        guard let file else { throw ParquetError(.io, path: path, "write after close") }
        do { try file.write(bytes) } catch { throw ParquetError(.io, path: path, offset: error.offset, error.reason) }
    }

    func write(_ bytes: ContiguousArray<UInt8>) throws {
        try bytes.withUnsafeBytes { (raw) throws in try write(raw) }
    }

    func close() throws {
        guard let file else { return }
        self.file = nil
        do { try file.close() } catch { throw ParquetError(.io, path: path, error.reason) }
    }

    /// Closes and deletes the file (a write that failed).
    func discard() {
        try? file?.close()
        file = nil
        unlink(path)
    }
}
