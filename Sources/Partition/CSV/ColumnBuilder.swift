#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Columns

/// Appends raw field bytes to a typed column buffer. One storage is live, chosen by
/// `type`; kept as a struct of buffers (not an enum payload) so appends mutate in place.
/// NULLs of fixed-width columns are noted by row number and turned into a mask at
/// the end, so the common non-NULL append touches one buffer.
public struct ColumnBuilder: Sendable {
    public let type: ColumnType
    var text = ByteColumn()
    var wide = ContiguousArray<Int64>()
    var narrow = ContiguousArray<Int32>()
    var bits = ContiguousArray<UInt64>()
    var flags = ContiguousArray<UInt8>()
    var nullRows = ContiguousArray<Int>()

    public init(type: ColumnType, reservingRows rows: Int = 0) {
        self.type = type
        switch type {
        case .text, .binary: text = ByteColumn(reservingRows: rows, bytes: rows * 8)
        case .int64, .decimal: wide.reserveCapacity(rows)
        case .int32, .date: narrow.reserveCapacity(rows)
        case .double: bits.reserveCapacity(rows)
        case .bool: flags.reserveCapacity(rows)
        }
    }

    public var count: Int {
        switch type {
        case .text, .binary: text.count
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
        case .text, .binary:
            // Text is checked to be UTF-8 by the parser, which knows the record.
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
        case .text, .binary:
            text.appendNull()
        case .int64, .decimal:
            nullRows.append(wide.count)
            wide.append(0)
        case .int32, .date:
            nullRows.append(narrow.count)
            narrow.append(0)
        case .double:
            nullRows.append(bits.count)
            bits.append(0)
        case .bool:
            nullRows.append(flags.count)
            flags.append(0)
        }
    }

    /// Drops rows past `rows` (used to undo a partly parsed bad record).
    public mutating func truncate(to rows: Int) {
        guard count > rows else { return }
        switch type {
        case .text, .binary:
            text.bytes.removeSubrange(Int(text.offsets[rows])...)
            text.offsets.removeSubrange((rows + 1)...)
            if text.nulls != nil { text.nulls?.removeSubrange(rows...) }
        case .int64, .decimal: wide.removeSubrange(rows...)
        case .int32, .date: narrow.removeSubrange(rows...)
        case .double: bits.removeSubrange(rows...)
        case .bool: flags.removeSubrange(rows...)
        }
        while let last = nullRows.last, last >= rows { nullRows.removeLast() }
    }

    public func finish() -> Column {
        switch type {
        case .text, .binary: .text(text)
        case .int64: .int64(fixed(wide))
        case .decimal: .decimal(fixed(wide))
        case .int32: .int32(fixed(narrow))
        case .date: .date(fixed(narrow))
        case .double: .double(fixed(bits))
        case .bool: .bool(fixed(flags))
        }
    }

    private func fixed<V>(_ values: ContiguousArray<V>) -> FixedColumn<V> {
        guard !nullRows.isEmpty else { return FixedColumn(values: values) }
        var mask = ContiguousArray(repeating: false, count: values.count)
        for row in nullRows { mask[row] = true }
        return FixedColumn(values: values, nulls: mask)
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
