import Columns
import Partition

/// A row as tests compare it: the line and the text of each requested column.
struct TextRow: Equatable, CustomStringConvertible {
    var line: Int64
    var fields: [String?]
    var description: String { "\(line):\(fields.map { $0 ?? "∅" })" }
}

/// Cuts `bytes` into segments of the given sizes (cycled), runs the cutter and the
/// parser on every job, and returns rows and rejects in file order.
func cutAndParse(_ bytes: [UInt8], segmentSizes: [Int], columns: [String], path: String = "test.csv") throws
    -> (rows: [TextRow], rejects: [RejectedRecord])
{
    var cutter = RecordCutter(path: path, requested: columns.map { RequestedColumn($0) })
    var jobs: [ParseJob] = []
    var offset = 0
    var k = 0
    while offset < bytes.count {
        let size = max(1, segmentSizes[k % segmentSizes.count])
        k += 1
        let end = min(bytes.count, offset + size)
        jobs += try cutter.cut(Segment(bytes: ContiguousArray(bytes[offset ..< end]), sourceBytes: end - offset))
        offset = end
    }
    jobs += try cutter.finish()
    var rows: [TextRow] = []
    var rejects: [RejectedRecord] = []
    for job in jobs.sorted(by: { $0.sequence < $1.sequence }) {
        let parsed = job.run()
        rows += textRows(parsed.batch)
        rejects += parsed.rejects
    }
    return (rows, rejects)
}

func textRows(_ batch: RecordBatch) -> [TextRow] {
    guard case let .int64(lines)? = batch.columns.last else { return [] }
    return (0 ..< batch.rowCount).map { row in
        TextRow(line: lines.values[row], fields: batch.columns.dropLast().map { column in
            if case let .text(c) = column { return c.string(row) }
            return nil
        })
    }
}

/// A deliberately simple RFC 4180 reader (Strings, one character at a time) used as
/// the reference. Returns records with their first physical line; header excluded.
func referenceParse(_ text: String) -> [TextRow] {
    var records: [TextRow] = []
    var chars = Array(text.unicodeScalars)
    if chars.first == "\u{FEFF}" { chars.removeFirst() }
    var i = 0
    var line: Int64 = 1
    var isHeader = true
    while i < chars.count {
        let start = line
        if chars[i] == "\n" { i += 1; line += 1; continue }
        if chars[i] == "\r", i + 1 < chars.count, chars[i + 1] == "\n" { i += 2; line += 1; continue }
        var fields: [String?] = []
        var field = ""
        var quoted = false
        var inQuote = false
        var ended = false
        while i < chars.count, !ended {
            let c = chars[i]
            if inQuote {
                if c == "\"" {
                    if i + 1 < chars.count, chars[i + 1] == "\"" { field.unicodeScalars.append("\""); i += 2; continue }
                    inQuote = false
                } else {
                    if c == "\n" { line += 1 }
                    field.unicodeScalars.append(c)
                }
                i += 1
            } else if c == "\"", field.isEmpty, !quoted {
                inQuote = true; quoted = true; i += 1
            } else if c == "," {
                fields.append(field.isEmpty ? nil : field); field = ""; quoted = false; i += 1
            } else if c == "\n" {
                if field.hasSuffix("\r"), !quoted { field.removeLast() }
                fields.append(field.isEmpty ? nil : field); ended = true; i += 1; line += 1
            } else if c == "\r", quoted, i + 1 < chars.count, chars[i + 1] == "\n" {
                i += 1
            } else {
                field.unicodeScalars.append(c); i += 1
            }
        }
        if !ended {
            if field.hasSuffix("\r"), !quoted { field.removeLast() }
            fields.append(field.isEmpty ? nil : field)
        }
        if isHeader { isHeader = false; continue }
        records.append(TextRow(line: start, fields: fields))
    }
    return records
}

/// Random CSV with quoted commas, quoted newlines, escaped quotes, empty fields,
/// blank lines, and the requested line end.
func randomCSV(rows: Int, columns: Int, crlf: Bool, bom: Bool, seed: UInt64) -> String {
    var rng = SplitMix64(seed: seed)
    let eol = crlf ? "\r\n" : "\n"
    var out = bom ? "\u{FEFF}" : ""
    out += (0 ..< columns).map { "c\($0)" }.joined(separator: ",") + eol
    let pieces = ["a", "bc", "Tuesday, July 01, 2025", "x\ny", "say \"hi\"", "", "150.0", "789403", "é ü", "line1\r\nline2"]
    for r in 0 ..< rows {
        if Int.random(in: 0 ..< 40, using: &rng) == 0 { out += eol }
        var fields: [String] = []
        for _ in 0 ..< columns {
            let p = pieces[Int.random(in: 0 ..< pieces.count, using: &rng)]
            let needsQuotes = p.contains(",") || p.contains("\n") || p.contains("\"") || Bool.random(using: &rng) && !p.isEmpty
            fields.append(needsQuotes ? "\"" + p.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : p)
        }
        out += fields.joined(separator: ",")
        if r + 1 < rows || Bool.random(using: &rng) { out += eol }
    }
    return out
}

extension String {
    func replacingOccurrences(of target: String, with replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
