import Files

/// A file opened for positional reads. `pread` keeps no shared position, so one
/// source can serve concurrent readers.
final class FileSource: Sendable {
    let path: String
    let size: Int64
    private let file: ReadableFile

    init(path: String) throws {
        do { file = try ReadableFile(path: path) } catch {
            throw ParquetError(.io, path: path, error.reason)
        }
        self.path = path
        size = file.size
    }

    func read(at offset: Int64, count: Int, what: String) throws -> ContiguousArray<UInt8> {
        guard offset >= 0, count >= 0, offset <= size, Int64(count) <= size - offset else {
            throw ParquetError(.corrupt, path: path, offset: offset,
                               "\(what) of \(count) bytes lies outside the \(size)-byte file")
        }
        do { return try file.read(at: offset, count: count) } catch {
            throw ParquetError(.io, path: path, offset: error.offset ?? offset, "reading \(what): \(error.reason)")
        }
    }
}
