#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Lake
import Columns
import Files

/// RFC 4180 CSV output with a header (`CSVText`): fields holding a comma, quote or line
/// break are quoted; NULL is an empty field, an empty text `""`.
public struct CSVOutputFormat: TableFileFormat {
    public init() {}
    public var fileExtension: String { "csv" }
    public func makeWriter(path: String, schema: Schema) throws -> any TableFileWriter {
        try CSVFileWriter(path: path, schema: schema)
    }
}

final class CSVFileWriter: TableFileWriter {
    let path: String
    let schema: Schema
    private let file: WritableFile
    var buffer = ContiguousArray<UInt8>()
    var field = ContiguousArray<UInt8>()
    var flushed = 0
    /// Flushed plus buffered bytes: what the file will hold.
    var bytesWritten: Int { flushed + buffer.count }

    init(path: String, schema: Schema) throws {
        do { file = try WritableFile(path: path, creation: .exclusive) } catch {
            throw OutputError.io(path: path, reason: error.reason)
        }
        self.path = path
        self.schema = schema
        CSVText.appendHeader(schema, to: &buffer)
        buffer.append(0x0A)
    }

    func write(_ batch: RecordBatch) throws {
        for row in 0 ..< batch.rowCount {
            CSVText.appendRow(batch, row, scratch: &field, to: &buffer)
            buffer.append(0x0A)
            if buffer.count >= 1 << 20 { try flush() }
        }
    }

    func flush() throws {
        do { try file.write(buffer) } catch { throw OutputError.io(path: path, reason: error.reason) }
        flushed += buffer.count
        buffer.removeAll(keepingCapacity: true)
    }

    func finish() throws -> (any Sendable)? {
        try flush()
        do {
            try file.sync()
            try file.close()
        } catch {
            throw OutputError.io(path: path, reason: error.reason)
        }
        return nil
    }

    func abort() {
        unlink(path)
    }
}
