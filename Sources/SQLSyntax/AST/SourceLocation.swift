/// A position in the SQL text: 1-based line and column, and the 0-based UTF-8 byte offset.
///
/// Columns count Unicode scalars (one per character for ordinary text), so a caret drawn
/// under column `c` lines up with the `c`-th character of the line; tabs count as one.
public struct SourceLocation: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    public var offset: Int

    public init(line: Int, column: Int, offset: Int) {
        self.line = line
        self.column = column
        self.offset = offset
    }

    /// The location of nodes built by hand rather than parsed (tests, generated SQL).
    public static let unknown = SourceLocation(line: 0, column: 0, offset: 0)

    /// The start of a text.
    public static let start = SourceLocation(line: 1, column: 1, offset: 0)

    public static func < (a: SourceLocation, b: SourceLocation) -> Bool { a.offset < b.offset }

    /// `line:column`, as error messages print it.
    public var description: String { "\(line):\(column)" }
}

/// A stretch of the SQL text: from `start` up to (not including) `end`.
public struct SourceRange: Sendable, Hashable, CustomStringConvertible {
    public var start: SourceLocation
    public var end: SourceLocation

    public init(start: SourceLocation, end: SourceLocation) {
        self.start = start
        self.end = end
    }

    /// The UTF-8 byte offsets the range covers, to slice the original text.
    public var offsets: Range<Int> { start.offset ..< max(start.offset, end.offset) }

    public var description: String { "\(start)-\(end)" }
}

/// Wraps a value that equality and hashing skip.
///
/// AST nodes keep where they were written, but two nodes are equal when they say the
/// same thing wherever they stand: `a + 1` in SELECT matches `a + 1` in GROUP BY, and a
/// query printed and parsed again equals the original.
@propertyWrapper
public struct IgnoredInComparison<Value: Sendable>: Sendable, Hashable {
    public var wrappedValue: Value

    public init(wrappedValue: Value) { self.wrappedValue = wrappedValue }

    public static func == (_: Self, _: Self) -> Bool { true }
    public func hash(into _: inout Hasher) {}
}
