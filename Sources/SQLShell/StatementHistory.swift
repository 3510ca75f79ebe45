import Foundation

/// What the line editor's history keeps of the lines typed for a statement: one line
/// joined with spaces, so Up brings the whole statement back, unless a line break there
/// cannot become a space (a line ended in a `--` comment or inside a string): then the
/// lines one by one, as typed. Blank lines are left out.
struct StatementHistory: Sendable {
    private var lines: [String] = []
    private var keepsLineBreaks = false

    /// `lineBreakMatters`: the line ended inside a comment or a string.
    mutating func add(_ line: String, lineBreakMatters: Bool) {
        if !line.allSatisfy(\.isWhitespace) { lines.append(line) }
        keepsLineBreaks = keepsLineBreaks || lineBreakMatters
    }

    /// The entries for the lines added since the last call; then starts over.
    mutating func finish() -> [String] {
        defer { self = StatementHistory() }
        if keepsLineBreaks || lines.count < 2 { return lines }
        return [lines.map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")]
    }
}
