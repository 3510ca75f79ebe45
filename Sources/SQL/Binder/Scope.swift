import Columns
import SQLSyntax

/// One column visible to expressions: a unique id (its physical name is `name#id`), the
/// name users write, and the qualifiers that may prefix it (`o` of `FROM gold.x AS o`,
/// the table's short name, its `layer.table`).
struct ScopeColumn: Sendable, Hashable {
    var id: Int
    var name: String
    var type: ColumnType
    var qualifiers: [String]
    /// The second copy of a USING key: reachable qualified, not by its bare name or `*`.
    var hidden = false

    var physicalName: String { PhysicalName.make(name, id: id) }
    var field: Field { Field(physicalName, type) }
    var reference: BoundExpression { .column(id: id, name: name, type: type) }

    func isQualified(by qualifier: [String]) -> Bool {
        let written = qualifier.map { $0.lowercased() }.joined(separator: ".")
        return qualifiers.contains { $0.lowercased() == written }
    }
}

/// The columns a FROM clause (or an aggregate's output) makes visible, and the relation
/// names for messages.
struct Scope: Sendable {
    var columns: [ScopeColumn]
    var relations: [String]
    /// The ids of `columns` in the order `*` lists them, when not theirs (USING joins).
    var starOrder: [Int]?

    static let empty = Scope(columns: [], relations: [])

    func merged(with other: Scope) -> Scope {
        Scope(columns: columns + other.columns, relations: relations + other.relations)
    }

    func column(id: Int) -> ScopeColumn? { columns.first { $0.id == id } }

    /// The column a (possibly qualified) name refers to.
    func resolve(_ name: QualifiedName) throws -> ScopeColumn {
        let parts = name.parts.map(\.name)
        guard let columnName = parts.last else { throw SQLError("empty column name", at: name.location) }
        let qualifier = Array(parts.dropLast())
        let location = name.parts.last?.location ?? name.location
        let matches = columns.filter { column in
            column.name.lowercased() == columnName.lowercased()
                && (qualifier.isEmpty ? !column.hidden : column.isQualified(by: qualifier))
        }
        if matches.count == 1 { return matches[0] }
        if matches.count > 1 {
            let named = matches.compactMap { $0.qualifiers.first.map { "\($0).\(columnName)" } }
            throw SQLError("column '\(columnName)' is ambiguous (\(named.joined(separator: ", "))); qualify it", at: location)
        }
        if !qualifier.isEmpty, !columns.contains(where: { $0.isQualified(by: qualifier) }) {
            let known = Array(Set(columns.compactMap(\.qualifiers.first))).sorted()
            let written = qualifier.joined(separator: ".")
            throw SQLError("unknown table or alias '\(written)' in column '\(name)'" + Suggestions.hint(for: written, among: known),
                           at: name.location)
        }
        let candidates = columns.filter { qualifier.isEmpty || $0.isQualified(by: qualifier) }.map(\.name)
        let source = relations.isEmpty ? "the query" : relations.joined(separator: ", ")
        var message = "unknown column '\(columnName)' in \(source)"
        if let suggestion = Suggestions.closest(to: columnName, among: candidates) {
            message += "; did you mean '\(suggestion)'?"
        } else if !candidates.isEmpty {
            let shown = candidates.prefix(12).joined(separator: ", ")
            message += " (columns: \(shown)\(candidates.count > 12 ? ", …" : ""))"
        }
        throw SQLError(message, at: location)
    }

    /// `*` or `t.*`: the visible columns, in order.
    func star(_ qualifier: QualifiedName?, at location: SourceLocation) throws -> [ScopeColumn] {
        guard let qualifier else {
            let ordered = starOrder.map { $0.compactMap { id in columns.first { $0.id == id } } } ?? columns
            return ordered.filter { !$0.hidden }
        }
        let parts = qualifier.parts.map(\.name)
        let matched = columns.filter { $0.isQualified(by: parts) }
        guard !matched.isEmpty else {
            let known = Array(Set(columns.compactMap(\.qualifiers.first))).sorted()
            throw SQLError("unknown table or alias '\(qualifier)' in '\(qualifier).*'"
                + Suggestions.hint(for: qualifier.description, among: known), at: location)
        }
        return matched
    }
}
