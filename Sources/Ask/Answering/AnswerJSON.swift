import Columns
import SQL

/// Answers and refusals as JSON objects, for `medallion ask --format json` and a server.
public enum AnswerJSON {
    /// `{"question", "interpretation", "sql", "columns", "rows"}`: rows as arrays; integers,
    /// decimals and doubles as JSON numbers, dates `yyyy-MM-dd`, NULL as null. Past
    /// `maxRows` rows the rest are left out and `"truncated": true` is added.
    public static func answer(_ answer: Answer, maxRows: Int = .max) -> String {
        let fields = answer.result.schema.fields
        let all = answer.result.rows()
        let rows = all.prefix(max(0, maxRows)).map { row in
            "[" + zip(row, fields).map { value, field in
                guard let value else { return "null" }
                switch field.type {
                case .int32, .int64, .decimal, .bool: return value
                case .double: return Double(value)?.isFinite == true ? value : string(value)
                default: return string(value)
                }
            }.joined(separator: ",") + "]"
        }
        return "{\"question\":\(string(answer.question)),\"interpretation\":\(string(answer.interpretation)),"
            + "\"sql\":\(string(answer.sql)),\"columns\":[\(fields.map { string($0.name) }.joined(separator: ","))],"
            + "\"rows\":[\(rows.joined(separator: ","))]" + (all.count > rows.count ? ",\"truncated\":true}" : "}")
    }

    /// `{"question", "refused": true, "understood", "not_understood", "reason", "suggestions"}`.
    public static func refusal(_ refusal: Refusal) -> String {
        "{\"question\":\(string(refusal.question)),\"refused\":true,\"understood\":\(string(refusal.understood)),"
            + "\"not_understood\":[\(refusal.notUnderstood.map(string).joined(separator: ","))],"
            + "\"reason\":\(refusal.reason.map(string) ?? "null"),"
            + "\"suggestions\":[\(refusal.suggestions.map(string).joined(separator: ","))]}"
    }

    static func string(_ text: String) -> String { JSONString.quoted(text) }
}
