import Columns
import Workers

/// A result written as text: CSV (RFC 4180), JSON Lines, or an aligned table.
public enum ResultText {
    /// Header line, then one line per row; fields holding `,` `"` or a line break are
    /// quoted with `"` doubled; NULL is an empty field and an empty string `""` (as Spark
    /// and DuckDB write them, so the two read back apart); dates `yyyy-MM-dd`, decimals at
    /// their scale. Lines end with `\n`.
    public static func csv(_ result: SQLResult) -> String {
        var out = ContiguousArray<UInt8>()
        out.append(contentsOf: result.schema.fields.map { quoted($0.name) }.joined(separator: ",").utf8)
        out.append(0x0A)
        var value = ContiguousArray<UInt8>()
        for batch in result.batches {
            for row in 0 ..< batch.rowCount {
                for (i, field) in result.schema.fields.enumerated() {
                    if i > 0 { out.append(UInt8(ascii: ",")) }
                    guard !batch.columns[i].isNull(row) else { continue }
                    value.removeAll(keepingCapacity: true)
                    ValueText.append(batch.columns[i], row, type: field.type, to: &value)
                    if value.isEmpty {
                        out.append(contentsOf: "\"\"".utf8)
                    } else {
                        appendQuoted(value, to: &out)
                    }
                }
                out.append(0x0A)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// JSON Lines: one object per row, `{"column": value, …}` in column order; numbers
    /// (integers, decimals at their scale, doubles) as JSON numbers, text and dates as
    /// strings, booleans as true/false, NULL as null.
    public static func jsonLines(_ result: SQLResult) -> String {
        var out = ""
        let keys = result.schema.fields.map { jsonString($0.name) }
        for batch in result.batches {
            for row in 0 ..< batch.rowCount {
                out += "{"
                for (i, field) in result.schema.fields.enumerated() {
                    if i > 0 { out += "," }
                    out += keys[i] + ":"
                    guard let text = ValueText.string(batch.columns[i], row, type: field.type) else { out += "null"; continue }
                    switch field.type {
                    case .int32, .int64, .decimal, .bool: out += text
                    case .double:
                        let d = Double(text) ?? .nan
                        out += d.isFinite ? text : jsonString(text)
                    default: out += jsonString(text)
                    }
                }
                out += "}\n"
            }
        }
        return out
    }

    /// Values as display text, NULL shown as `NULL`.
    public static func cells(_ result: SQLResult) -> [[String]] {
        result.rows().map { $0.map { $0 ?? "NULL" } }
    }

    private static func quoted(_ text: String) -> String {
        var out = ContiguousArray<UInt8>()
        appendQuoted(ContiguousArray(text.utf8), to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private static func appendQuoted(_ value: ContiguousArray<UInt8>, to out: inout ContiguousArray<UInt8>) {
        let needsQuotes = value.contains { $0 == UInt8(ascii: ",") || $0 == UInt8(ascii: "\"") || $0 == 0x0A || $0 == 0x0D }
        guard needsQuotes else { out.append(contentsOf: value); return }
        out.append(UInt8(ascii: "\""))
        for byte in value {
            if byte == UInt8(ascii: "\"") { out.append(byte) }
            out.append(byte)
        }
        out.append(UInt8(ascii: "\""))
    }

    static func jsonString(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
