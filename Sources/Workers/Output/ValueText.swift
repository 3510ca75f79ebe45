import Columns

/// Renders column values as text bytes: dates `yyyy-MM-dd`, decimals with their
/// scale, BINARY escaped, NULL as nothing. Used by text outputs and partition folder names.
public enum ValueText {
    public static func append(_ column: Column, _ row: Int, type: ColumnType, to out: inout ContiguousArray<UInt8>) {
        guard !column.isNull(row) else { return }
        switch column {
        case let .text(c):
            if type == .binary {
                c.withValue(row) { appendEscaped($0, to: &out) }
            } else {
                c.withValue(row) { out.append(contentsOf: $0) }
            }
        case let .int64(c):
            DecimalText.append(unscaled: c.values[row], scale: 0, to: &out)
        case let .int32(c):
            DecimalText.append(unscaled: Int64(c.values[row]), scale: 0, to: &out)
        case let .date(c):
            out.append(contentsOf: CivilDate.isoString(c.values[row]).utf8)
        case let .decimal(c):
            var scale = 0
            if case let .decimal(_, s) = type { scale = s }
            DecimalText.append(unscaled: c.values[row], scale: scale, to: &out)
        case let .double(c):
            out.append(contentsOf: String(Double(bitPattern: c.values[row])).utf8)
        case let .bool(c):
            out.append(contentsOf: (c.values[row] != 0 ? "true" : "false").utf8)
        }
    }

    public static func string(_ column: Column, _ row: Int, type: ColumnType) -> String? {
        guard !column.isNull(row) else { return nil }
        var out = ContiguousArray<UInt8>()
        append(column, row, type: type, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    /// Bytes as DuckDB shows a BLOB: printable ASCII as is, any other byte (and the
    /// backslash, so the form stays lossless) as `\xHH`.
    static func appendEscaped(_ bytes: UnsafeRawBufferPointer, to out: inout ContiguousArray<UInt8>) {
        let hex = Array("0123456789ABCDEF".utf8)
        for byte in bytes {
            if byte >= 0x20, byte < 0x7F, byte != 0x5C {
                out.append(byte)
            } else {
                out.append(contentsOf: [0x5C, 0x78, hex[Int(byte >> 4)], hex[Int(byte & 15)]])
            }
        }
    }


}
