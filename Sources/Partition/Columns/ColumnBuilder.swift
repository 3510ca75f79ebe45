#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Appends raw field bytes to a typed column buffer. One storage is live, chosen by
/// `type`; kept as a struct of buffers (not an enum payload) so appends mutate in place.
public struct ColumnBuilder: Sendable {
    public let type: ColumnType
    var text = ByteColumn()
    var wide = FixedColumn<Int64>()
    var narrow = FixedColumn<Int32>()
    var bits = FixedColumn<UInt64>()
    var flags = FixedColumn<UInt8>()

    public init(type: ColumnType, reservingRows rows: Int = 0) {
        self.type = type
        switch type {
        case .text: text = ByteColumn(reservingRows: rows, bytes: rows * 8)
        case .int64, .decimal: wide = FixedColumn(reservingRows: rows)
        case .int32, .date: narrow = FixedColumn(reservingRows: rows)
        case .double: bits = FixedColumn(reservingRows: rows)
        case .bool: flags = FixedColumn(reservingRows: rows)
        }
    }

    public var count: Int {
        switch type {
        case .text: text.count
        case .int64, .decimal: wide.count
        case .int32, .date: narrow.count
        case .double: bits.count
        case .bool: flags.count
        }
    }

    /// Appends a non-empty field; false when it does not parse as the column's type.
    @inline(__always)
    public mutating func append(_ field: UnsafeRawBufferPointer) -> Bool {
        switch type {
        case .text:
            text.append(field)
            return true
        case .int64:
            guard let v = FieldParsers.int64(field) else { return false }
            wide.append(v)
            return true
        case let .decimal(precision, scale):
            guard let v = FieldParsers.decimal(field, precision: precision, scale: scale) else { return false }
            wide.append(v)
            return true
        case .int32:
            guard let v = FieldParsers.int32(field) else { return false }
            narrow.append(v)
            return true
        case .date:
            guard let v = FieldParsers.isoDate(field) else { return false }
            narrow.append(v)
            return true
        case .double:
            guard let v = Self.parseDouble(field) else { return false }
            bits.append(v.bitPattern)
            return true
        case .bool:
            switch String(decoding: field, as: UTF8.self).lowercased() {
            case "true": flags.append(1)
            case "false": flags.append(0)
            default: return false
            }
            return true
        }
    }

    public mutating func appendNull() {
        switch type {
        case .text: text.appendNull()
        case .int64, .decimal: wide.appendNull()
        case .int32, .date: narrow.appendNull()
        case .double: bits.appendNull()
        case .bool: flags.appendNull()
        }
    }

    /// Drops rows past `rows` (used to undo a partly parsed bad record).
    public mutating func truncate(to rows: Int) {
        guard count > rows else { return }
        switch type {
        case .text:
            text.bytes.removeSubrange(Int(text.offsets[rows])...)
            text.offsets.removeSubrange((rows + 1)...)
            if text.nulls != nil { text.nulls?.removeSubrange(rows...) }
        case .int64, .decimal: Self.truncate(&wide, rows)
        case .int32, .date: Self.truncate(&narrow, rows)
        case .double: Self.truncate(&bits, rows)
        case .bool: Self.truncate(&flags, rows)
        }
    }

    private static func truncate<V>(_ c: inout FixedColumn<V>, _ rows: Int) {
        c.values.removeSubrange(rows...)
        if c.nulls != nil { c.nulls?.removeSubrange(rows...) }
    }

    public func finish() -> Column {
        switch type {
        case .text: .text(text)
        case .int64: .int64(wide)
        case .decimal: .decimal(wide)
        case .int32: .int32(narrow)
        case .date: .date(narrow)
        case .double: .double(bits)
        case .bool: .bool(flags)
        }
    }

    /// Decimal floating-point text as a Double (`strtod` over a NUL-terminated copy).
    static func parseDouble(_ field: UnsafeRawBufferPointer) -> Double? {
        guard field.count < 64 else { return nil }
        var buffer = [CChar](repeating: 0, count: field.count + 1)
        for i in 0 ..< field.count { buffer[i] = CChar(bitPattern: field[i]) }
        return buffer.withUnsafeBufferPointer { p -> Double? in
            guard let base = p.baseAddress else { return nil }
            var end: UnsafeMutablePointer<CChar>?
            let value = strtod(base, &end)
            guard let end, end - UnsafeMutablePointer(mutating: base) == field.count else { return nil }
            return value
        }
    }
}
