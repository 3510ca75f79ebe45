/// Errors about input files. Every case names the file and where in it.
public enum InputError: Error, Sendable, Equatable, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case readFailed(path: String, offset: Int64, reason: String)
    /// Corrupt or truncated compressed data; `offset` is the compressed byte offset.
    case corruptCompressed(path: String, codec: Codec, offset: Int64, reason: String)
    /// A planned split of a compressed file did not end (or start) on a frame/member
    /// boundary; `offset` is where that showed. Read the file as one stream instead.
    case splitMisaligned(path: String, offset: Int64)
    case missingColumns(path: String, missing: [String], header: [String])
    /// Two header fields carry the same name: which one a column means is ambiguous.
    case duplicateColumn(path: String, column: String)
    /// A file (or folder) name that is not valid UTF-8 matched an input glob; `name`
    /// shows its invalid bytes as `\xNN`.
    case invalidFileName(directory: String, name: String)
    case emptyFile(path: String)
    case noMatch(pattern: String)

    public var description: String {
        switch self {
        case let .cannotOpen(path, reason):
            "\(path): cannot open: \(reason)"
        case let .readFailed(path, offset, reason):
            "\(path): read failed at byte \(offset): \(reason)"
        case let .corruptCompressed(path, codec, offset, reason):
            "\(path): corrupt \(codec.rawValue) data at compressed byte offset \(offset): \(reason)"
        case let .splitMisaligned(path, offset):
            "\(path): compressed split is not aligned to a frame/member boundary near byte \(offset)"
        case let .missingColumns(path, missing, header):
            "\(path): missing required column(s) \(Self.quoted(missing.joined(separator: ", "))); "
                + "header has \(Self.quoted(header.joined(separator: ", ")))"
        case let .duplicateColumn(path, column):
            "\(path): header names column \(Self.quoted(column)) more than once; expected distinct column names"
        case let .invalidFileName(directory, name):
            "\(directory): file name \(name) is not valid UTF-8 (invalid bytes shown as \\xNN); "
                + "rename it, source paths are recorded as UTF-8 text"
        case let .emptyFile(path):
            "\(path): file is empty, expected a CSV header line"
        case let .noMatch(pattern):
            "no input file matches \(pattern)"
        }
    }

    /// At most this many bytes of header text are quoted: a header line can be
    /// megabytes long (a file without newlines), and a message must stay readable.
    static let quoteLimit = 200

    static func quoted(_ text: String) -> String {
        let bytes = Array(text.utf8)
        guard bytes.count > quoteLimit else { return text }
        var cut = quoteLimit
        // Do not split a UTF-8 sequence.
        while cut > 0, bytes[cut] & 0xC0 == 0x80 { cut -= 1 }
        return String(decoding: bytes[..<cut], as: UTF8.self) + "… (\(bytes.count) bytes)"
    }
}
