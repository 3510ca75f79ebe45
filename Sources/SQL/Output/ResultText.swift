import Columns
import Lake
import Workers

/// A result written as text: CSV (RFC 4180), JSON Lines, or an aligned table.
public enum ResultText {
    /// Header line, then one line per row; fields holding `,` `"` or a line break are
    /// quoted with `"` doubled; NULL is an empty field and an empty string `""` (as Spark
    /// and DuckDB write them, so the two read back apart); dates `yyyy-MM-dd`, decimals at
    /// their scale. Lines end with `\n`.
    public static func csv(_ result: SQLResult) -> String {
        var out = ContiguousArray<UInt8>(), scratch = ContiguousArray<UInt8>()
        CSVText.appendHeader(result.schema, to: &out)
        out.append(0x0A)
        for batch in result.batches {
            for row in 0 ..< batch.rowCount {
                CSVText.appendRow(batch, row, scratch: &scratch, to: &out)
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
        let keys = result.schema.fields.map { JSONString.quoted($0.name) }
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
                        out += d.isFinite ? text : JSONString.quoted(text)
                    default: out += JSONString.quoted(text)
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
}
