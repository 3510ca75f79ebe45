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

    public convenience init(path: String) throws {
        try self.init(path: path, listed: nil)
    }

    /// Opens an input file; a remote one a listing found (size and ETag known) without a request.
    public convenience init(opening file: InputFile) throws {
        try self.init(path: file.path, listed: file.etag.map { (file.size, $0) })
    }

    private init(path: String, listed: (size: Int64, etag: String)?) throws {
        self.path = path
        let remote: (store: any ObjectStore, key: String)?
        do { remote = try ObjectStores.remote(path) } catch { throw InputError.cannotOpen(path: path, reason: error.description) }
        if let (store, key) = remote {
            do {
                let reader: any ObjectReader
                if let listed {
                    reader = try store.openReader(key: key, listedSize: listed.size, etag: listed.etag)
                } else {
                    reader = try store.openReader(key: key)
                }
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

    /// Whether reads are requests to an object store, where one large read costs about what a
    /// small one does (header walks then read bigger windows).
    public var isRemote: Bool {
        if case .object = backing { return true }
        return false
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
