#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Files
import ObjectStorage

/// The output file: full writes, a running offset, errors that name the file. A local path
/// is written in place; a remote one (`s3://…`) streams through its store's `ObjectWriter`
/// (multipart upload), and the object appears only at `close`.
final class FileSink {
    let path: String
    private var file: WritableFile?
    private var object: (any ObjectWriter)?

    init(path: String) throws {
        self.path = path
        let remote: (store: any ObjectStore, key: String)?
        do { remote = try ObjectStores.remote(path) } catch { throw ParquetError(.io, path: path, error.description) }
        if let (store, key) = remote {
            do { object = try store.makeWriter(key: key) } catch { throw ParquetError(.io, path: path, error.description) }
            return
        }
        do { file = try WritableFile(path: path) } catch { throw ParquetError(.io, path: path, error.reason) }
    }

    /// Bytes written so far.
    var offset: Int64 { file?.offset ?? object?.bytesWritten ?? 0 }

    func write(_ bytes: UnsafeRawBufferPointer) throws {
        if let object {
            do { try object.append(bytes) } catch { throw ParquetError(.io, path: path, offset: object.bytesWritten, error.description) }
            return
        }
        guard let file else { throw ParquetError(.io, path: path, "write after close") }
        do { try file.write(bytes) } catch { throw ParquetError(.io, path: path, offset: error.offset, error.reason) }
    }

    func write(_ bytes: ContiguousArray<UInt8>) throws {
        try bytes.withUnsafeBytes { (raw) throws in try write(raw) }
    }

    func close() throws {
        if let object {
            self.object = nil
            do { try object.finish() } catch {
                object.abort()
                throw ParquetError(.io, path: path, error.description)
            }
            return
        }
        guard let file else { return }
        self.file = nil
        do { try file.close() } catch { throw ParquetError(.io, path: path, error.reason) }
    }

    /// Closes and deletes the file (a write that failed); an upload is aborted.
    func discard() {
        if let object {
            self.object = nil
            object.abort()
            return
        }
        try? file?.close()
        file = nil
        unlink(path)
    }
}
