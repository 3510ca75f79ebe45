import SQLSyntax

/// A statement that cannot run: a syntax error, an unknown name, a type error, something
/// not supported yet, or a failure while executing. `location` points into the SQL text
/// when the error is about a place in it, so `rendered` can draw a caret.
public struct SQLError: Error, Sendable, CustomStringConvertible {
    public var message: String
    public var location: SourceLocation?
    /// The statement text the location refers to (set by `SQLEngine`).
    public var source: String?

    public init(_ message: String, at location: SourceLocation? = nil, source: String? = nil) {
        self.message = message
        self.location = location
        self.source = source
    }

    /// An error for a feature this slice does not implement: never a silently wrong answer.
    static func notSupported(_ what: String, at location: SourceLocation? = nil) -> SQLError {
        SQLError("not supported yet: \(what)", at: location)
    }

    public var description: String {
        guard let location, location != .unknown else { return message }
        return "line \(location.line):\(location.column): \(message)"
    }

    /// The message with the source line and a caret under the offending place, as syntax
    /// errors are shown; the one-line form when the place is unknown.
    public var rendered: String {
        guard let location, location != .unknown, let source else { return "error: " + message }
        return SQLSyntaxError.render(message: message, at: location, in: source)
    }

    init(_ syntax: SQLSyntaxError, source: String) {
        message = syntax.message
        location = syntax.location
        self.source = source
    }
}
