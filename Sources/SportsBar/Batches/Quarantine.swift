import Columns
import Workers

/// Why a row left the silver path (§2, §3).
public enum QuarantineReason: String, Sendable, Hashable, CaseIterable, Comparable {
    case malformedRow = "malformed_row"
    case duplicate
    case missingQuantity = "missing_quantity"
    case invalidQuantity = "invalid_quantity"
    case unparseableDate = "unparseable_date"
    case unknownProduct = "unknown_product"
    case typeMismatch = "type_mismatch"
    /// A text field that is not valid UTF-8: the record never becomes a bronze row.
    case invalidUTF8 = "invalid_utf8"

    /// Reasons the scan gives records that never became bronze rows; their quarantine
    /// rows keep the record's bytes and survive every rebuild of a dim.
    public static let unparsed: Set<QuarantineReason> = [.malformedRow, .invalidUTF8]

    public static func < (a: Self, b: Self) -> Bool { a.rawValue < b.rawValue }
}

/// Rows per quarantine reason.
public struct ReasonCounts: Sendable, Equatable, CustomStringConvertible {
    public private(set) var counts: [QuarantineReason: Int] = [:]

    public init(_ counts: [QuarantineReason: Int] = [:]) {
        self.counts = counts.filter { $0.value != 0 }
    }

    public subscript(reason: QuarantineReason) -> Int { counts[reason] ?? 0 }

    public var total: Int { counts.values.reduce(0, +) }

    public mutating func add(_ reason: QuarantineReason, _ rows: Int = 1) {
        guard rows != 0 else { return }
        counts[reason, default: 0] += rows
    }

    public mutating func add(_ other: ReasonCounts) {
        for (reason, rows) in other.counts { add(reason, rows) }
    }

    public var description: String {
        counts.sorted { $0.key < $1.key }.map { "\($0.key.rawValue)=\($0.value)" }.joined(separator: " ")
    }
}

/// Quarantine rows: the bronze columns of the rejected rows plus `_reason`.
enum QuarantineRows {
    /// Rows `rows` of `bronze` (already in `table.bronzeSchema`), each with its reason.
    static func make(table: SourceTable, bronze: RecordBatch, rows: [Int], reasons: [QuarantineReason]) throws -> RecordBatch {
        let picked = try bronze.gather(rows)
        var reasonColumn = ByteColumn(reservingRows: rows.count, bytes: rows.count * 12)
        for reason in reasons { reasonColumn.append(reason.rawValue.utf8) }
        return RecordBatch(schema: table.quarantineSchema, columns: picked.columns + [.text(reasonColumn)])
    }

    static func empty(_ table: SourceTable) -> RecordBatch {
        RecordBatch(empty: table.quarantineSchema)
    }
}
