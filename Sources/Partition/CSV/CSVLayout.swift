import Columns
/// A column a scan asks for: matched by exact header name and parsed as `type`.
public struct RequestedColumn: Sendable, Equatable, Hashable {
    public var name: String
    public var type: ColumnType
    public init(_ name: String, _ type: ColumnType = .text) {
        self.name = name
        self.type = type
    }
}

/// How the fields of one file's records map to output columns, fixed once its header is read.
public struct CSVLayout: Sendable, Equatable {
    public static let lineColumn = "_source_line"

    /// The file, for messages.
    public let path: String
    /// The header's column names, in file order.
    public let header: [String]
    /// For each field position of the file: the output column it feeds, or -1.
    public let targets: [Int]
    /// Output schema: requested columns in request order, then `_source_line`.
    public let schema: Schema
    /// Header columns nobody asked for (reported, then ignored).
    public let extraColumns: [String]

    public var fieldCount: Int { header.count }

    /// Matches requested columns to header names; a missing or repeated one is an
    /// error naming the file (a repeated name would make "the column" ambiguous).
    public init(path: String, header: [String], requested: [RequestedColumn]) throws {
        var seen = Set<String>()
        for name in header where !seen.insert(name).inserted {
            throw InputError.duplicateColumn(path: path, column: name)
        }
        var targets = [Int](repeating: -1, count: header.count)
        var missing: [String] = []
        for (out, column) in requested.enumerated() {
            if let position = header.firstIndex(of: column.name) {
                targets[position] = out
            } else {
                missing.append(column.name)
            }
        }
        guard missing.isEmpty else {
            throw InputError.missingColumns(path: path, missing: missing, header: header)
        }
        let wanted = Set(requested.map(\.name))
        self.path = path
        self.header = header
        self.targets = targets
        self.extraColumns = header.filter { !wanted.contains($0) }
        self.schema = Schema(requested.map { Field($0.name, $0.type) } + [Field(CSVLayout.lineColumn, .int64, nullable: false)])
    }

    /// Splits a header record into names: RFC 4180 quoting, CRLF, a UTF-8 BOM at the start.
    public static func headerNames(_ record: UnsafeRawBufferPointer) -> [String] {
        var bytes = Array(record)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }
        while let last = bytes.last, last == 0x0A || last == 0x0D { bytes.removeLast() }
        var names: [String] = []
        var field: [UInt8] = []
        var inQuote = false
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if inQuote {
                if b == 0x22 {
                    if i + 1 < bytes.count, bytes[i + 1] == 0x22 { field.append(0x22); i += 1 } else { inQuote = false }
                } else {
                    field.append(b)
                }
            } else if b == 0x22 {
                inQuote = true
            } else if b == 0x2C {
                names.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
            } else {
                field.append(b)
            }
            i += 1
        }
        names.append(String(decoding: field, as: UTF8.self))
        return names
    }
}
