import Columns

/// CSV records (RFC 4180), shared by the CSV table writer and `medallion sql --format
/// csv`: a field holding a comma, quote or line break is quoted with its quotes doubled;
/// NULL is an empty field and an empty text `""`, so the two read back apart; values as
/// `ValueText` writes them (dates `yyyy-MM-dd`, decimals at their scale).
public enum CSVText {
    /// The header's fields, quoted where needed, without the line end.
    public static func appendHeader(_ schema: Schema, to out: inout ContiguousArray<UInt8>) {
        for (index, field) in schema.fields.enumerated() {
            if index > 0 { out.append(0x2C) }
            appendField(ContiguousArray(field.name.utf8), to: &out)
        }
    }

    /// Row `row` of `batch`, without the line end; `scratch` is reused between calls.
    public static func appendRow(_ batch: RecordBatch, _ row: Int, scratch: inout ContiguousArray<UInt8>,
                                 to out: inout ContiguousArray<UInt8>) {
        for (index, column) in batch.columns.enumerated() {
            if index > 0 { out.append(0x2C) }
            guard !column.isNull(row) else { continue }
            scratch.removeAll(keepingCapacity: true)
            ValueText.append(column, row, type: batch.schema.fields[index].type, to: &scratch)
            if scratch.isEmpty {
                out.append(contentsOf: [0x22, 0x22])
            } else {
                appendField(scratch, to: &out)
            }
        }
    }

    private static func appendField(_ field: ContiguousArray<UInt8>, to out: inout ContiguousArray<UInt8>) {
        guard field.contains(where: { $0 == 0x2C || $0 == 0x22 || $0 == 0x0A || $0 == 0x0D }) else {
            out.append(contentsOf: field)
            return
        }
        out.append(0x22)
        for byte in field {
            out.append(byte)
            if byte == 0x22 { out.append(0x22) }
        }
        out.append(0x22)
    }
}
