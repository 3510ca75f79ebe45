import Columns
import SQL
import Workers

/// A query result as the JSON `/api/sql` answers with, written straight from the column
/// buffers into bytes: `{"columns":[{"name","type"}],"rows":[[…]],"rowCount",
/// "truncated","elapsedMs","lakeVersion"}`. Integers and decimals are JSON numbers with
/// their exact digits (a DECIMAL(18,2) keeps its two places: `12.50`), doubles as Swift
/// prints them (a non-finite one as a string, which JSON has no number for), dates
/// `yyyy-MM-dd`, booleans true/false, NULL null, BINARY as the escaped text the CLI shows.
enum ResultJSON {
    struct Summary {
        var maxRows: Int
        var elapsedMs: Double
        var lakeVersion: Int64?
    }

    static func encode(_ result: SQLResult, _ summary: Summary) -> ContiguousArray<UInt8> {
        var out = ContiguousArray<UInt8>()
        out.reserveCapacity(256 + min(result.rowCount, summary.maxRows) * result.schema.fields.count * 12)
        out.append(contentsOf: #"{"columns":["#.utf8)
        JSONText.appendFields(result.schema.fields, to: &out)
        out.append(contentsOf: #"],"rows":["#.utf8)
        var written = 0
        var scratch = ContiguousArray<UInt8>()
        rows: for batch in result.batches {
            for row in 0 ..< batch.rowCount {
                guard written < summary.maxRows else { break rows }
                if written > 0 { out.append(UInt8(ascii: ",")) }
                out.append(UInt8(ascii: "["))
                for (index, field) in result.schema.fields.enumerated() {
                    if index > 0 { out.append(UInt8(ascii: ",")) }
                    appendValue(batch.columns[index], row, type: field.type, scratch: &scratch, to: &out)
                }
                out.append(UInt8(ascii: "]"))
                written += 1
            }
        }
        out.append(contentsOf: #"],"rowCount":"#.utf8)
        out.append(contentsOf: String(written).utf8)
        out.append(contentsOf: #","truncated":"#.utf8)
        out.append(contentsOf: (result.rowCount > written ? "true" : "false").utf8)
        out.append(contentsOf: #","elapsedMs":"#.utf8)
        out.append(contentsOf: JSONText.milliseconds(summary.elapsedMs).utf8)
        out.append(contentsOf: #","lakeVersion":"#.utf8)
        out.append(contentsOf: (summary.lakeVersion.map { String($0) } ?? "null").utf8)
        out.append(UInt8(ascii: "}"))
        return out
    }

    static func appendValue(_ column: Column, _ row: Int, type: ColumnType,
                            scratch: inout ContiguousArray<UInt8>, to out: inout ContiguousArray<UInt8>) {
        guard !column.isNull(row) else {
            out.append(contentsOf: "null".utf8)
            return
        }
        switch column {
        case let .text(values) where type != .binary:
            values.withValue(row) { JSONText.appendString(bytes: $0, to: &out) }
        case let .double(values):
            let value = Double(bitPattern: values.values[row])
            if value.isFinite {
                out.append(contentsOf: String(value).utf8)
            } else {
                JSONText.appendString(String(value), to: &out)
            }
        case .int64, .int32, .decimal, .bool:
            // Digits (decimals at their scale) or true/false: already JSON.
            ValueText.append(column, row, type: type, to: &out)
        case .text, .date:
            scratch.removeAll(keepingCapacity: true)
            ValueText.append(column, row, type: type, to: &scratch)
            scratch.withUnsafeBytes { JSONText.appendString(bytes: $0, to: &out) }
        }
    }
}
