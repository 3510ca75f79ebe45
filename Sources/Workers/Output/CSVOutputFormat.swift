#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Lake
import Columns

/// RFC 4180 CSV output with a header; fields holding a comma, quote or line break
/// are quoted. NULL is an empty field.
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
    let fd: Int32
    var buffer = ContiguousArray<UInt8>()
    var field = ContiguousArray<UInt8>()
    var flushed = 0
    /// Flushed plus buffered bytes: what the file will hold.
    var bytesWritten: Int { flushed + buffer.count }

    init(path: String, schema: Schema) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o644)
        guard fd >= 0 else { throw OutputError.io(path: path, reason: FileSystemCause.describe(errno)) }
        self.fd = fd
        self.path = path
        self.schema = schema
        buffer.append(contentsOf: schema.fields.map(\.name).joined(separator: ",").utf8)
        buffer.append(0x0A)
    }

    deinit { close(fd) }

    func write(_ batch: RecordBatch) throws {
        for row in 0 ..< batch.rowCount {
            for (c, column) in batch.columns.enumerated() {
                if c > 0 { buffer.append(0x2C) }
                field.removeAll(keepingCapacity: true)
                ValueText.append(column, row, type: batch.schema.fields[c].type, to: &field)
                if field.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) {
                    buffer.append(0x22)
                    for b in field {
                        buffer.append(b)
                        if b == 0x22 { buffer.append(0x22) }
                    }
                    buffer.append(0x22)
                } else if field.isEmpty, case .text = column, !column.isNull(row) {
                    // An empty non-NULL text must read back as non-NULL: quote it.
                    buffer.append(contentsOf: [0x22, 0x22])
                } else {
                    buffer.append(contentsOf: field)
                }
            }
            buffer.append(0x0A)
            if buffer.count >= 1 << 20 { try flush() }
        }
    }

    func flush() throws {
        var written = 0
        while written < buffer.count {
            let n = buffer.withUnsafeBytes { systemWrite(fd, $0.baseAddress.map { $0 + written }, $0.count - written) }
            if n < 0, errno == EINTR { continue }
            guard n > 0 else { throw OutputError.io(path: path, reason: FileSystemCause.describe(errno)) }
            written += n
        }
        flushed += written
        buffer.removeAll(keepingCapacity: true)
    }

    func finish() throws -> (any Sendable)? {
        try flush()
        guard fsync(fd) == 0 else { throw OutputError.io(path: path, reason: FileSystemCause.describe(errno)) }
        return nil
    }

    func abort() {
        unlink(path)
    }
}

/// `write(2)`, named apart from the writer's own `write`.
private func systemWrite(_ fd: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    write(fd, bytes, count)
}
