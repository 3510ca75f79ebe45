/// A name as written: `revenue`, or `odd name` from a back-quoted identifier.
///
/// The spelling is kept exactly (Spark compares names case-insensitively; that is the
/// planner's business). Equality compares spelling only, never quoting or position.
public struct Identifier: Sendable, Hashable, CustomStringConvertible {
    public var name: String
    @IgnoredInComparison public var location: SourceLocation

    public init(_ name: String, at location: SourceLocation = .unknown) {
        self.name = name
        self.location = location
    }

    public var description: String { name }
}

/// A dotted name: `table`, `layer.table`, `t.col`, `layer.table.col`. Never empty.
public struct QualifiedName: Sendable, Hashable, CustomStringConvertible {
    public var parts: [Identifier]

    /// - Precondition: `parts` is not empty (the parser never builds an empty name).
    public init(_ parts: [Identifier]) {
        self.parts = parts
    }

    /// Builds a name from its dotted parts, e.g. `QualifiedName("gold", "fact_orders")`.
    public init(_ parts: String...) {
        self.parts = parts.map { Identifier($0) }
    }

    /// Where the name starts.
    public var location: SourceLocation { parts.first?.location ?? .unknown }

    /// The last part: the column of `t.col`, the table of `layer.table`.
    public var last: Identifier? { parts.last }

    /// The parts joined with dots, unquoted (for messages; `SQLPrinter` quotes).
    public var description: String { parts.map(\.name).joined(separator: ".") }
}
