import Files
import ObjectStorage

/// A read-only file read by offset, safe to share between tasks: positional reads
/// carry no shared cursor. A local path is read with `pread`; a remote one (`s3://…`)
/// with ranged GETs through its store's `ObjectReader`.
public final class RandomAccessFile: Sendable {
    private enum Backing: Sendable {
        case file(ReadableFile)
        case object(any ObjectReader)
    }

    public let path: String
    public let size: Int64
    /// The object's ETag (remote files), for the ingest ledger's identity.
    public let etag: String?
    private let backing: Backing

    public init(path: String) throws {
        self.path = path
        let remote: (store: any ObjectStore, key: String)?
        do { remote = try ObjectStores.remote(path) } catch { throw InputError.cannotOpen(path: path, reason: error.description) }
        if let (store, key) = remote {
            do {
                let reader = try store.openReader(key: key)
                backing = .object(reader)
                size = reader.size
                etag = reader.etag
            } catch { throw InputError.cannotOpen(path: path, reason: error.description) }
            return
        }
        let file: ReadableFile
        do { file = try ReadableFile(path: path) } catch {
            throw InputError.cannotOpen(path: path, reason: error.reason)
        }
        backing = .file(file)
        size = file.size
        etag = nil
    }

    /// Up to `count` bytes from `offset` (fewer only at the end of the file) into `buffer`.
    public func read(at offset: Int64, count: Int, into buffer: inout ContiguousArray<UInt8>) throws {
        let wanted = max(0, min(Int64(count), size - offset))
        switch backing {
        case let .file(file):
            do { try file.read(at: offset, count: Int(wanted), into: &buffer) } catch {
                throw InputError.readFailed(path: path, offset: error.offset ?? offset, reason: error.reason)
            }
        case let .object(reader):
            do { try reader.read(at: offset, count: Int(wanted), into: &buffer) } catch {
                throw InputError.readFailed(path: path, offset: offset, reason: error.description)
            }
        }
    }

    public func read(at offset: Int64, count: Int) throws -> ContiguousArray<UInt8> {
        var buffer = ContiguousArray<UInt8>()
        try read(at: offset, count: count, into: &buffer)
        return buffer
    }
}
