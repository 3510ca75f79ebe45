import Columns
/// Why a CSV record could not become a row.
public enum RejectReason: Sendable, Equatable, Hashable, CustomStringConvertible {
    /// The record has a different number of fields than the header.
    case wrongFieldCount(expected: Int, found: Int)
    /// A quote was still open at the end of the file; the record is its first physical line.
    case unterminatedQuote
    /// A field of a typed column did not parse as its type.
    case typeMismatch(column: String, expected: ColumnType)
    /// A field of a text column is not valid UTF-8; `byte` is the offset of the first
    /// bad byte in the field as written (quotes excluded).
    case invalidUTF8(column: String, byte: Int)

    /// Short reason code used in quarantine tables.
    public var code: String {
        switch self {
        case .wrongFieldCount, .unterminatedQuote: "malformed_row"
        case .typeMismatch: "type_mismatch"
        case .invalidUTF8: "invalid_utf8"
        }
    }

    public var description: String {
        switch self {
        case let .wrongFieldCount(expected, found): "expected \(expected) fields, found \(found)"
        case .unterminatedQuote: "unterminated quote at end of file"
        case let .typeMismatch(column, type): "column \(column) is not a valid \(type)"
        case let .invalidUTF8(column, byte): "column \(column) is not valid UTF-8 (byte \(byte) of the field)"
        }
    }
}

/// A record that did not become a row, with where it came from.
public struct RejectedRecord: Sendable, Equatable {
    /// 1-based physical line of the record's first line in the decompressed file.
    public var line: Int64
    /// The record's raw bytes, without its line end.
    public var raw: ContiguousArray<UInt8>
    public var reason: RejectReason

    public init(line: Int64, raw: ContiguousArray<UInt8>, reason: RejectReason) {
        self.line = line
        self.raw = raw
        self.reason = reason
    }

    /// The record as text; nil when its bytes are not valid UTF-8 (`raw` has them).
    public var rawText: String? { String(validating: raw, as: UTF8.self) }
}

/// The rows parsed from one run of complete records, plus the records that failed.
public struct ParsedBatch: Sendable {
    /// Projected columns followed by `_source_line` (BIGINT).
    public var batch: RecordBatch
    public var rejects: [RejectedRecord]
    /// Blank physical lines skipped (no row, no reject).
    public var blankLines: Int
    /// Decompressed bytes this batch was parsed from.
    public var byteCount: Int

    public init(batch: RecordBatch, rejects: [RejectedRecord], blankLines: Int, byteCount: Int) {
        self.batch = batch
        self.rejects = rejects
        self.blankLines = blankLines
        self.byteCount = byteCount
    }
}
