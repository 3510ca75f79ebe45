/// A SQL text that does not parse: what was expected and what was found, and where.
///
/// `description` is the one-line form (`line 1:15: expected FROM, found 'FORM'`);
/// `rendered` adds the source line with a caret under the offending token:
///
///     error: line 1:15: expected FROM, found 'FORM'
///      1 | SELECT a, b, c FORM t
///        |                ^
public struct SQLSyntaxError: Error, Sendable, Hashable, CustomStringConvertible {
    /// What went wrong, without position: `expected FROM, found 'FORM'`.
    public var message: String
    /// Where: the start of the offending token (or the end of the text).
    public var location: SourceLocation
    /// The text of the line `location` is on, without its line break.
    public var sourceLine: String

    public init(_ message: String, at location: SourceLocation, sourceLine: String) {
        self.message = message
        self.location = location
        self.sourceLine = sourceLine
    }

    public var description: String { "line \(location.line):\(location.column): \(message)" }

    /// The message, the source line and a caret under the column.
    public var rendered: String {
        Self.render(message: message, at: location, line: sourceLine)
    }

    /// Renders any message about a place in `source` the way syntax errors are shown, so
    /// later (semantic) errors can point a caret too:
    /// `SQLSyntaxError.render(message: "unknown column 'revnue'", at: column.location, in: sql)`.
    public static func render(message: String, at location: SourceLocation, in source: String) -> String {
        render(message: message, at: location, line: SourceText(source).lineText(at: location.offset))
    }

    static func render(message: String, at location: SourceLocation, line: String) -> String {
        let number = String(location.line)
        let gutter = String(repeating: " ", count: number.count)
        // Keep the line's tabs in the padding so the caret lines up in a terminal.
        var padding = ""
        for (column, character) in line.unicodeScalars.enumerated() where column < location.column - 1 {
            padding.append(character == "\t" ? "\t" : " ")
        }
        let missing = location.column - 1 - line.unicodeScalars.count
        if missing > 0 { padding += String(repeating: " ", count: missing) }
        return """
            error: line \(location.line):\(location.column): \(message)
             \(number) | \(line)
             \(gutter) | \(padding)^
            """
    }
}

/// The UTF-8 bytes of a SQL text, with the lookups errors need.
struct SourceText: Sendable {
    let bytes: [UInt8]

    init(_ text: String) { bytes = Array(text.utf8) }

    /// The text of the line holding byte `offset`, without `\n` or a trailing `\r`.
    func lineText(at offset: Int) -> String {
        let clamped = min(max(offset, 0), bytes.count)
        var start = clamped
        while start > 0, bytes[start - 1] != UInt8(ascii: "\n") { start -= 1 }
        var end = clamped
        while end < bytes.count, bytes[end] != UInt8(ascii: "\n") { end += 1 }
        if end > start, bytes[end - 1] == UInt8(ascii: "\r") { end -= 1 }
        return String(decoding: bytes[start ..< end], as: UTF8.self)
    }

    func error(_ message: String, at location: SourceLocation) -> SQLSyntaxError {
        SQLSyntaxError(message, at: location, sourceLine: lineText(at: location.offset))
    }
}
