import Columns
import SQLSyntax
import Workers
@testable import SQL

/// Binds an expression over a hand-made batch (columns named `name#id`) and evaluates it.
enum ExpressionHarness {
    struct NoTables: SQLCatalog {
        func tables() throws -> [CatalogTable] { [] }
    }

    /// `perDistinctValue`: whether parts over one text column may be evaluated once per
    /// distinct value (the engine's default) or must be evaluated row by row.
    static func evaluate(_ sql: String, over batch: RecordBatch, perDistinctValue: Bool = true) throws -> [String?] {
        let expression = try SQLParser.parseExpression(sql)
        let context = PlanningContext(catalog: NoTables(), workers: 1)
        let columns = batch.schema.fields.map { field -> ScopeColumn in
            let name = String(field.name.prefix { $0 != "#" })
            return ScopeColumn(id: PhysicalName.id(of: field.name) ?? 0, name: name, type: field.type, qualifiers: ["t"])
        }
        let bound = try ExpressionBinder(context: context, scope: Scope(columns: columns, relations: ["t"])).bind(expression)
        let column = try CompiledExpression(bound, schema: batch.schema, perDistinctValue: perDistinctValue).evaluate(batch)
        return (0 ..< column.count).map { ValueText.string(column, $0, type: bound.type) }
    }
}

enum ByteColumnFixture {
    static func make(_ values: [String?]) -> ByteColumn {
        var column = ByteColumn()
        column.materializeNulls()
        for value in values { column.append(string: value) }
        return column
    }
}
