import Columns
import SQLSyntax

/// Implicit casts the binder inserts, with constants cast at bind time so a bad
/// literal (`DATE '2024-13-01'`, `'abc' = 1`) is an error pointing at it.
enum Coercion {
    static func to(_ e: BoundExpression, _ type: ColumnType, at location: SourceLocation) throws -> BoundExpression {
        if e.type == type { return e }
        if case .literal(.null, _) = e { return .literal(.null, type) }
        if case let .literal(value, from) = e {
            do {
                let column = try CastKernel.cast(value.column(rows: 1, type: from), from: from, to: type, orNull: false)
                return .literal(Scalar.of(column, row: 0), type)
            } catch let error as SQLError {
                throw SQLError(error.message, at: location)
            }
        }
        return .cast(e, to: type, orNull: false)
    }

    /// A condition: BOOLEAN (or NULL), never a number or text cast to one (Spark refuses
    /// `WHERE qty`), else a type error naming the expression.
    static func condition(_ e: BoundExpression, _ whole: Expression, _ part: Expression) throws -> BoundExpression {
        if e.isNullLiteral { return .literal(.null, .bool) }
        return try e.checked(.bool, whole, part)
    }

    /// Both operands in their common type, or a type error naming the expression.
    static func common(_ l: BoundExpression, _ r: BoundExpression, for expression: Expression,
                       _ lLocation: SourceLocation, _ rLocation: SourceLocation) throws -> (BoundExpression, BoundExpression, ColumnType) {
        let type: ColumnType
        if l.isNullLiteral { type = r.type } else if r.isNullLiteral { type = l.type } else if let t = TypeRules.common(l.type, r.type) {
            type = t
        } else {
            throw SQLError("type mismatch in '\(SQLPrinter().print(expression))': \(l.type) and \(r.type) cannot be compared or combined",
                           at: expression.location)
        }
        return (try to(l, type, at: lLocation), try to(r, type, at: rLocation), type)
    }

    /// One type for several values (CASE results, COALESCE, IN lists, UNION columns).
    static func unify(_ types: [ColumnType], nullable: [Bool]) -> ColumnType? {
        var result: ColumnType?
        for (type, isNull) in zip(types, nullable) where !isNull {
            guard let current = result else { result = type; continue }
            guard let t = TypeRules.common(current, type) else { return nil }
            result = t
        }
        return result ?? types.first
    }
}

extension Scalar {
    /// Row `row` of a column as a constant.
    static func of(_ column: Column, row: Int) -> Scalar {
        if column.isNull(row) { return .null }
        switch column {
        case let .int64(c): return .int64(c.values[row])
        case let .decimal(c): return .decimal(c.values[row])
        case let .int32(c): return .int32(c.values[row])
        case let .date(c): return .date(c.values[row])
        case let .double(c): return .double(Double(bitPattern: c.values[row]))
        case let .bool(c): return .bool(c.values[row] != 0)
        case let .text(c): return .text(c.string(row) ?? "")
        }
    }
}
