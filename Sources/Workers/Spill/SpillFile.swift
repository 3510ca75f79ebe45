#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Columns
import Files
import Synchronization

/// A temporary file of batches of one schema: appended to, then read back in order.
///
/// Layout: a sequence of blocks, one per batch:
///
///     magic "MSPL": u32, reserved: u32, rawLength: u64, compressedLength: u64,
///     checksum: u64 (KeyHash of the compressed bytes), compressed bytes (zstd frame)
///
/// The file is deleted by `remove()` or when the object is released, whichever comes first.
public final class SpillFile: Sendable {
    public let path: String
    public let schema: Schema
    private let metrics: SpillMetrics
    private let state: Mutex<State>

    private struct State {
        var file: WritableFile?
        var size = 0
        var batches = 0
        var rows = 0
        var removed = false
    }

    static let magic: UInt32 = 0x4C50_534D // "MSPL" little-endian
    static let headerSize = 32

    init(path: String, schema: Schema, metrics: SpillMetrics) throws(SpillError) {
        let file: WritableFile
        do { file = try WritableFile(path: path, creation: .exclusive, permissions: [.ownerReadWrite]) } catch {
            throw .cannotCreate(path: path, reason: error.reason)
        }
        self.path = path
        self.schema = schema
        self.metrics = metrics
        state = Mutex(State(file: file))
        metrics.recordFile()
    }

    deinit { remove() }

    /// Appends one batch as a compressed block.
    public func append(_ batch: RecordBatch) throws(SpillError) {
        guard batch.schema.fields.map(\.type) == schema.fields.map(\.type) else {
            throw .writeFailed(path: path, reason: "batch schema \(batch.schema.fields.map(\.type)) differs from file schema")
        }
        let raw = BatchCodec.encode(batch)
        let compressed = try ZstdBlock.compress(raw)
        var header = ContiguousArray<UInt8>()
        header.reserveCapacity(Self.headerSize)
        BatchCodec.append(Self.magic, to: &header)
        BatchCodec.append(UInt32(0), to: &header)
        BatchCodec.append(UInt64(raw.count), to: &header)
        BatchCodec.append(UInt64(compressed.count), to: &header)
        BatchCodec.append(compressed.withUnsafeBytes { ByteHash.hash(bytes: $0) }, to: &header)
        let result: Result<Void, SpillError> = state.withLock { state in
            guard !state.removed, let file = state.file else { return .failure(.closed(path: path)) }
            do throws(FileFailure) {
                try file.write(header)
                try file.write(compressed)
            } catch {
                return .failure(.writeFailed(path: path, reason: error.reason))
            }
            state.size += header.count + compressed.count
            state.batches += 1
            state.rows += batch.rowCount
            return .success(())
        }
        try result.get()
        metrics.recordBlock(compressed: header.count + compressed.count, raw: raw.count, rows: batch.rowCount)
    }

    /// Bytes written so far.
    public var size: Int { state.withLock { $0.size } }
    public var batchCount: Int { state.withLock { $0.batches } }
    public var rowCount: Int { state.withLock { $0.rows } }

    /// A reader over the batches written so far, from the first.
    public func makeReader() throws(SpillError) -> SpillFileReader {
        let (removed, size) = state.withLock { ($0.removed, $0.size) }
        guard !removed else { throw .closed(path: path) }
        return try SpillFileReader(path: path, schema: schema, size: size)
    }

    /// Closes and deletes the file (idempotent).
    public func remove() {
        state.withLock { state in
            guard !state.removed else { return }
            state.removed = true
            try? state.file?.close()
            state.file = nil
            unlink(path)
        }
    }
}

/// Reads the blocks of a `SpillFile` back as batches, in write order.
public final class SpillFileReader {
    public let path: String
    private let schema: Schema
    private let file: ReadableFile
    private let size: Int
    private var offset = 0

    init(path: String, schema: Schema, size: Int) throws(SpillError) {
        do { file = try ReadableFile(path: path) } catch { throw .readFailed(path: path, offset: 0, reason: error.reason) }
        self.path = path
        self.schema = schema
        self.size = size
    }

    /// The next batch, or nil after the last one.
    public func next() throws(SpillError) -> RecordBatch? {
        guard offset < size else { return nil }
        let blockStart = offset
        let header = try read(count: SpillFile.headerSize, at: blockStart)
        let (magic, rawLength, compressedLength, checksum) = header.withUnsafeBytes { h in
            (UInt32(littleEndian: h.loadUnaligned(fromByteOffset: 0, as: UInt32.self)),
             UInt64(littleEndian: h.loadUnaligned(fromByteOffset: 8, as: UInt64.self)),
             UInt64(littleEndian: h.loadUnaligned(fromByteOffset: 16, as: UInt64.self)),
             UInt64(littleEndian: h.loadUnaligned(fromByteOffset: 24, as: UInt64.self)))
        }
        guard magic == SpillFile.magic else { throw .corrupt(path: path, offset: blockStart, reason: "bad block magic") }
        let remaining = size - blockStart - SpillFile.headerSize
        guard compressedLength <= UInt64(remaining), rawLength <= UInt64(Int.max / 2) else {
            throw .corrupt(path: path, offset: blockStart, reason: "block lengths \(compressedLength)/\(rawLength) exceed the file")
        }
        let compressed = try read(count: Int(compressedLength), at: blockStart + SpillFile.headerSize)
        guard compressed.withUnsafeBytes({ ByteHash.hash(bytes: $0) }) == checksum else {
            throw .corrupt(path: path, offset: blockStart, reason: "checksum mismatch")
        }
        let raw = try compressed.withUnsafeBytes { ZstdBlock.decompress($0, rawLength: Int(rawLength)) }
            .mapError { SpillError.corrupt(path: path, offset: blockStart, reason: $0.reason) }.get()
        let batch = try BatchCodec.decode(raw, schema: schema)
            .mapError { SpillError.corrupt(path: path, offset: blockStart, reason: $0.reason) }.get()
        offset = blockStart + SpillFile.headerSize + Int(compressedLength)
        return batch
    }

    private func read(count: Int, at position: Int) throws(SpillError) -> ContiguousArray<UInt8> {
        do { return try file.read(at: Int64(position), count: count) } catch {
            throw .readFailed(path: path, offset: Int(error.offset ?? Int64(position)), reason: error.reason)
        }
    }
}
