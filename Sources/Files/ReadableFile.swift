import SystemPackage

/// A file opened for positioned reads (pread through swift-system, retried on EINTR),
/// safe to read from many tasks at once: no shared position. Closed when released.
public final class ReadableFile: Sendable {
    public let path: String
    public let size: Int64
    private let descriptor: FileDescriptor

    public init(path: String) throws(FileFailure) {
        do {
            descriptor = try FileDescriptor.open(FilePath(path), .readOnly, options: [.closeOnExec])
        } catch {
            throw FileFailure(path: path, reason: "cannot open: " + FileSystemCause.describe(errnoCode(error)), code: errnoCode(error))
        }
        self.path = path
        do {
            size = try descriptor.seek(offset: 0, from: .end)
        } catch {
            try? descriptor.close()
            throw FileFailure(path: path, reason: "cannot find its size: " + FileSystemCause.describe(errnoCode(error)),
                              code: errnoCode(error))
        }
    }

    deinit { try? descriptor.close() }

    /// The whole content of the file at `path` (a log entry, a manifest).
    public static func contents(of path: String) throws(FileFailure) -> ContiguousArray<UInt8> {
        let file = try ReadableFile(path: path)
        guard file.size <= Int64(Int.max) else { throw FileFailure(path: path, reason: "too large to read whole") }
        return try file.read(at: 0, count: Int(file.size))
    }

    /// Exactly `count` bytes from `offset`; a file that ends first is a failure that says
    /// how many bytes were there.
    public func read(at offset: Int64, count: Int) throws(FileFailure) -> ContiguousArray<UInt8> {
        var buffer = ContiguousArray<UInt8>()
        try read(at: offset, count: count, into: &buffer)
        return buffer
    }

    /// `read(at:count:)` into `buffer` (its capacity reused).
    public func read(at offset: Int64, count: Int, into buffer: inout ContiguousArray<UInt8>) throws(FileFailure) {
        buffer.removeAll(keepingCapacity: true)
        guard count > 0 else { return }
        var failure: FileFailure?
        let descriptor = descriptor, path = path
        buffer = ContiguousArray(unsafeUninitializedCapacity: count) { out, initialized in
            var filled = 0
            while filled < count {
                let n: Int
                do {
                    n = try descriptor.read(fromAbsoluteOffset: offset + Int64(filled),
                                            into: UnsafeMutableRawBufferPointer(UnsafeMutableBufferPointer(rebasing: out[filled...])))
                } catch {
                    failure = FileFailure(path: path, offset: offset + Int64(filled),
                                          reason: FileSystemCause.describe(errnoCode(error)), code: errnoCode(error))
                    break
                }
                if n == 0 {
                    failure = FileFailure(path: path, offset: offset + Int64(filled),
                                          reason: "the file ends after \(filled) of \(count) bytes (did it change while read?)")
                    break
                }
                filled += n
            }
            initialized = filled
        }
        if let failure { throw failure }
    }
}
