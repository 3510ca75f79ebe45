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
            "\(path): missing required column(s) \(missing.joined(separator: ", ")); header has \(header.joined(separator: ", "))"
        case let .emptyFile(path):
            "\(path): file is empty, expected a CSV header line"
        case let .noMatch(pattern):
            "no input file matches \(pattern)"
        }
    }
}
