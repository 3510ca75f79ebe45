import Files

/// A file created (or truncated) for writing, with full-write semantics; errors name the path.
public final class OutputFile {
    public let path: String
    private let file: WritableFile

    public init(path: String) throws {
        do { file = try WritableFile(path: path) } catch {
            throw CompressionWriterError.cannotCreate(path: path, reason: error.reason)
        }
        self.path = path
    }

    public func write(_ bytes: UnsafeRawBufferPointer) throws {
        do { try file.write(bytes) } catch { throw CompressionWriterError.writeFailed(path: path, reason: error.reason) }
    }

    public func write(_ bytes: ContiguousArray<UInt8>) throws {
        try bytes.withUnsafeBytes { try write($0) }
    }

    public func close() throws {
        do { try file.close() } catch { throw CompressionWriterError.writeFailed(path: path, reason: error.reason) }
    }
}
