import Columns
import SQLSyntax
import Workers

/// Operators built from bound expressions.
enum PlanOperators {
    /// Computes `outputs` (each into its scope column) from every batch of `input`.
    static func project(_ input: RelationPlan, _ outputs: [(BoundExpression, ScopeColumn)], relations: [String] = []) throws -> RelationPlan {
        let compiled = try outputs.map { try CompiledExpression($0.0, schema: input.plan.schema) }
        let schema = Schema(outputs.map(\.1.field))
        // Plain column references pass their buffers through.
        let described = outputs.map { expression, column in
            if case let .column(id, _, _) = expression, id == column.id { return column.physicalName }
            return "\(ExpressionText.describe(expression)) as \(column.physicalName)"
        }.joined(separator: ", ")
        let plan = ProjectionExec(input.plan, schema: schema, described) { batch in
            RecordBatch(schema: schema, columns: try compiled.map { try $0.evaluate(batch) })
        }
        return RelationPlan(plan: plan, scope: Scope(columns: outputs.map(\.1), relations: relations.isEmpty ? input.scope.relations : relations),
                            estimatedRows: input.estimatedRows)
    }

    /// Keeps the rows where `predicate` is true.
    static func filter(_ input: RelationPlan, _ predicate: BoundExpression) throws -> RelationPlan {
        let compiled = try CompiledExpression(predicate, schema: input.plan.schema)
        let plan = FilterExec(input.plan, ExpressionText.describe(predicate)) { batch in
            try LogicKernel.mask(try compiled.evaluate(batch))
        }
        return RelationPlan(plan: plan, scope: input.scope, estimatedRows: input.estimatedRows)
    }

    /// The same columns under new names (no copy).
    static func rename(_ input: any ExecutionPlan, to names: [String]) -> any ExecutionPlan {
        let schema = Schema(zip(input.schema.fields, names).map { Field($1, $0.type, nullable: $0.nullable) })
        return ProjectionExec(input, schema: schema, names.joined(separator: ", ")) { batch in
            RecordBatch(schema: schema, columns: batch.columns)
        }
    }
}

/// Bound expressions as short text for plans (`revenue#3 > 100`).
enum ExpressionText {
    static func describe(_ e: BoundExpression) -> String {
        switch e {
        case let .column(id, name, _): return PhysicalName.make(name, id: id)
        case let .literal(value, type): return literal(value, type)
        case let .cast(x, to, orNull): return "\(orNull ? "try_cast" : "cast")(\(describe(x)) as \(to))"
        case let .arithmetic(op, l, r, _, _): return "(\(describe(l)) \(op.rawValue) \(describe(r)))"
        case let .negate(x, _): return "-\(describe(x))"
        case let .compare(op, l, r): return "\(describe(l)) \(op.rawValue) \(describe(r))"
        case let .and(l, r): return "(\(describe(l)) and \(describe(r)))"
        case let .or(l, r): return "(\(describe(l)) or \(describe(r)))"
        case let .not(x): return "not \(describe(x))"
        case let .isNull(x, negated): return "\(describe(x)) is \(negated ? "not " : "")null"
        case let .inList(x, values, negated):
            return "\(describe(x)) \(negated ? "not " : "")in (\(values.map { literal($0, x.type) }.joined(separator: ", ")))"
        case let .like(x, pattern, negated):
            return "\(describe(x)) \(negated ? "not " : "")\(pattern.caseInsensitive ? "ilike" : "like") '\(pattern.text)'"
        case let .caseWhen(branches, otherwise, _):
            return "case " + branches.map { "when \(describe($0.condition)) then \(describe($0.result))" }.joined(separator: " ")
                + (otherwise.map { " else \(describe($0))" } ?? "") + " end"
        case let .coalesce(xs, _): return "coalesce(\(xs.map(describe).joined(separator: ", ")))"
        case let .function(f, xs, _, _): return "\(f.rawValue)(\(xs.map(describe).joined(separator: ", ")))"
        case let .average(s, c, _): return "avg(\(describe(s)) / \(describe(c)))"
        }
    }

    static func literal(_ value: Scalar, _ type: ColumnType) -> String {
        let column = value.column(rows: 1, type: type)
        guard let text = ValueText.string(column, 0, type: type) else { return "NULL" }
        switch type {
        case .text, .binary: return "'\(text)'"
        case .date: return "DATE '\(text)'"
        default: return text
        }
    }
}

/// A single row with no columns of interest: the FROM of `SELECT 1`.
enum OneRow {
    static func relation(_ context: PlanningContext) -> RelationPlan {
        let column = ScopeColumn(id: context.newID(), name: "one", type: .int32, qualifiers: [], hidden: true)
        let schema = Schema([column.field])
        let batch = RecordBatch(schema: schema, columns: [.int32(FixedColumn(values: [1]))])
        return RelationPlan(plan: MemoryExec([batch], schema: schema), scope: Scope(columns: [column], relations: []), estimatedRows: 1)
    }
}
