import Files
import ObjectStorage

/// A file opened for positional reads: `pread` on a local file, ranged GETs on an object in a
/// remote store (`s3://…` paths). Neither keeps a shared position, so one source can serve
/// concurrent readers.
final class FileSource: Sendable {
    private enum Backing: Sendable {
        case file(ReadableFile)
        case object(any ObjectReader)
    }

    let path: String
    let size: Int64
    private let backing: Backing

    /// True for an object in a remote store, where every read is a request.
    var isRemote: Bool {
        if case .object = backing { return true }
        return false
    }

    init(path: String) throws {
        self.path = path
        let remote: (store: any ObjectStore, key: String)?
        do { remote = try ObjectStores.remote(path) } catch { throw ParquetError(.io, path: path, error.description) }
        if let (store, key) = remote {
            do {
                let reader = try store.openReader(key: key)
                backing = .object(reader)
                size = reader.size
            } catch { throw ParquetError(.io, path: path, error.description) }
            return
        }
        let file: ReadableFile
        do { file = try ReadableFile(path: path) } catch {
            throw ParquetError(.io, path: path, error.reason)
        }
        backing = .file(file)
        size = file.size
    }

    func read(at offset: Int64, count: Int, what: String) throws -> ContiguousArray<UInt8> {
        guard offset >= 0, count >= 0, offset <= size, Int64(count) <= size - offset else {
            throw ParquetError(.corrupt, path: path, offset: offset,
                               "\(what) of \(count) bytes lies outside the \(size)-byte file")
        }
        switch backing {
        case let .file(file):
            do { return try file.read(at: offset, count: count) } catch {
                throw ParquetError(.io, path: path, offset: error.offset ?? offset, "reading \(what): \(error.reason)")
            }
        case let .object(reader):
            do { return try reader.read(at: offset, count: count) } catch {
                throw ParquetError(.io, path: path, offset: offset, "reading \(what): \(error)")
            }
        }
    }
}
