import SystemPackage

/// A file opened for writing at its end (swift-system: writes retried on EINTR and
/// short writes continued), with the bytes written so far. Single owner.
public final class WritableFile {
    public enum Creation: Sendable {
        /// Create it or empty an existing one.
        case truncate
        /// Create it; fail when it exists.
        case exclusive
    }

    public let path: String
    public private(set) var offset: Int64 = 0
    private var descriptor: FileDescriptor?

    public init(path: String, creation: Creation = .truncate, permissions: FilePermissions = [.ownerReadWrite, .groupRead, .otherRead])
        throws(FileFailure) {
        let options: FileDescriptor.OpenOptions = creation == .exclusive
            ? [.create, .exclusiveCreate, .closeOnExec] : [.create, .truncate, .closeOnExec]
        do {
            descriptor = try FileDescriptor.open(FilePath(path), .writeOnly, options: options, permissions: permissions)
        } catch {
            throw FileFailure(path: path, reason: "cannot create: " + FileSystemCause.describe(errnoCode(error)), code: errnoCode(error))
        }
        self.path = path
    }

    deinit { try? descriptor?.close() }

    public func write(_ bytes: UnsafeRawBufferPointer) throws(FileFailure) {
        guard let descriptor else { throw FileFailure(path: path, offset: offset, reason: "write after close") }
        guard !bytes.isEmpty else { return }
        do {
            _ = try descriptor.writeAll(bytes)
        } catch {
            throw FileFailure(path: path, offset: offset, reason: "write failed: " + FileSystemCause.describe(errnoCode(error)),
                              code: errnoCode(error))
        }
        offset += Int64(bytes.count)
    }

    public func write(_ bytes: ContiguousArray<UInt8>) throws(FileFailure) {
        var failure: FileFailure?
        bytes.withUnsafeBytes { raw in
            do throws(FileFailure) { try write(raw) } catch { failure = error }
        }
        if let failure { throw failure }
    }

    /// Flushes the file's data to the device (fsync).
    public func sync() throws(FileFailure) {
        guard let descriptor else { return }
        if fsyncDescriptor(descriptor.rawValue) != 0 {
            let code = currentErrno()
            throw FileFailure(path: path, reason: "cannot sync: " + FileSystemCause.describe(code), code: code)
        }
    }

    public func close() throws(FileFailure) {
        guard let descriptor else { return }
        self.descriptor = nil
        do { try descriptor.close() } catch {
            throw FileFailure(path: path, reason: "close failed: " + FileSystemCause.describe(errnoCode(error)), code: errnoCode(error))
        }
    }
}
