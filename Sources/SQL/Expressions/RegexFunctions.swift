import Columns
import Foundation

/// `regexp_extract(s, pattern, idx)`: group `idx` of the first match of `pattern` (ICU's
/// syntax, close to Java's), '' when nothing matches or the group took no part, NULL when
/// `s` is NULL. The pattern and the group are constants (the binder sees to it), so the
/// pattern is compiled once per batch. Each row is decoded into a String for the match.
enum RegexFunctions {
    /// The compiled pattern, or the error Spark gives for it.
    static func compile(_ pattern: String, group: Int64, text: String) throws -> NSRegularExpression {
        let regex: NSRegularExpression
        do { regex = try NSRegularExpression(pattern: pattern) } catch {
            throw SQLError("invalid regular expression '\(pattern)' in \(text)")
        }
        guard group >= 0, group <= regex.numberOfCaptureGroups else {
            throw SQLError("regexp_extract: the pattern has \(regex.numberOfCaptureGroups) group\(regex.numberOfCaptureGroups == 1 ? "" : "s"), "
                + "so group \(group) does not exist in \(text)")
        }
        return regex
    }

    static func extract(_ args: [Column], rows: Int, text: String) throws -> Column {
        let values = try ColumnAccess.text(args[0]), patterns = try ColumnAccess.text(args[1])
        let groups = try ColumnAccess.int64(args[2])
        var out = ColumnFactory.TextBuilder(rows: rows)
        guard rows > 0, let pattern = patterns.string(0), let group = groups.value(0) else {
            return ColumnFactory.nulls(rows: rows, type: .text)
        }
        let regex = try compile(pattern, group: group, text: text)
        for row in 0 ..< rows {
            guard !values.isNull(row) else {
                out.appendNull()
                continue
            }
            let string = String(decoding: values.bytes[values.range(row)], as: UTF8.self)
            let whole = NSRange(string.startIndex ..< string.endIndex, in: string)
            guard let match = regex.firstMatch(in: string, range: whole),
                  let range = Range(match.range(at: Int(group)), in: string) else {
                out.append([UInt8]())
                continue
            }
            out.append(string[range].utf8)
        }
        return out.result
    }
}
