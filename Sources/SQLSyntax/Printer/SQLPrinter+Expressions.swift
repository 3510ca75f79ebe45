extension SQLPrinter {
    func write(_ expression: Expression, into out: inout String) {
        switch expression.kind {
        case .literal(let literal):
            write(literal, into: &out)
        case .column(let name):
            write(name, into: &out)
        case .star(let qualifier):
            if let qualifier {
                write(qualifier, into: &out)
                out += "."
            }
            out += "*"
        case .unary(let op, let operand):
            writeUnary(op, operand, into: &out)
        case .binary(let op, let left, let right):
            write(left, within: op.precedence, into: &out)
            out += " \(op.rawValue) "
            write(right, within: op.precedence.tighter, into: &out)
        case .isNull(let operand, let negated):
            write(operand, within: .comparison, into: &out)
            out += negated ? " IS NOT NULL" : " IS NULL"
        case .isBoolean(let operand, let value, let negated):
            write(operand, within: .comparison, into: &out)
            out += negated ? " IS NOT " : " IS "
            out += value.map { $0 ? "TRUE" : "FALSE" } ?? "UNKNOWN"
        case .isDistinctFrom(let left, let right, let negated):
            write(left, within: .comparison, into: &out)
            out += negated ? " IS NOT DISTINCT FROM " : " IS DISTINCT FROM "
            write(right, within: .bitwiseOr, into: &out)
        case .between(let operand, let low, let high, let negated):
            write(operand, within: .comparison, into: &out)
            out += negated ? " NOT BETWEEN " : " BETWEEN "
            write(low, within: .bitwiseOr, into: &out)
            out += " AND "
            write(high, within: .bitwiseOr, into: &out)
        case .inList(let operand, let values, let negated):
            write(operand, within: .comparison, into: &out)
            out += negated ? " NOT IN (" : " IN ("
            writeList(values, into: &out)
            out += ")"
        case .inSubquery(let operand, let query, let negated):
            write(operand, within: .comparison, into: &out)
            out += negated ? " NOT IN (" : " IN ("
            write(query, into: &out)
            out += ")"
        case .like(let operand, let pattern, let op, let escape, let negated):
            write(operand, within: .comparison, into: &out)
            out += negated ? " NOT \(op.rawValue) " : " \(op.rawValue) "
            write(pattern, within: .bitwiseOr, into: &out)
            if let escape {
                out += " ESCAPE "
                writeString(String(escape), into: &out)
            }
        case .exists(let query):
            out += "EXISTS ("
            write(query, into: &out)
            out += ")"
        case .scalarSubquery(let query):
            out += "("
            write(query, into: &out)
            out += ")"
        case .caseWhen(let caseExpression):
            write(caseExpression, into: &out)
        case .cast(let operand, let type), .tryCast(let operand, let type):
            if case .tryCast = expression.kind { out += "TRY_CAST(" } else { out += "CAST(" }
            write(operand, into: &out)
            out += " AS "
            write(type, into: &out)
            out += ")"
        case .function(let call):
            write(call, into: &out)
        case .extract(let field, let source):
            out += "EXTRACT(" + Self.quoteWord(field.name) + " FROM "
            write(source, into: &out)
            out += ")"
        case .element(let base, let index):
            write(base, within: .postfix, into: &out)
            out += "["
            write(index, into: &out)
            out += "]"
        case .field(let base, let name):
            // `(a).b`, not `a.b`, which would read back as the column name `a.b`; and
            // `(1).b`, not `1.b`, which would read back as a malformed number.
            switch base.kind {
            case .column, .literal(.number):
                out += "("
                write(base, into: &out)
                out += ")"
            default:
                write(base, within: .postfix, into: &out)
            }
            out += "." + Self.quoteWord(name.name)
        }
    }

    /// `expression`, in parentheses when it binds more loosely than its place needs.
    func write(_ expression: Expression, within context: Precedence, into out: inout String) {
        let own = precedence(of: expression)
        if own < context || (parenthesizeAll && own < .primary) {
            out += "("
            write(expression, into: &out)
            out += ")"
        } else {
            write(expression, into: &out)
        }
    }

    func precedence(of expression: Expression) -> Precedence {
        switch expression.kind {
        case .unary(.not, _): .not
        case .unary: .unary
        case .binary(let op, _, _): op.precedence
        case .isNull, .isBoolean, .isDistinctFrom, .between, .inList, .inSubquery, .like: .comparison
        case .element, .field: .postfix
        default: .primary
        }
    }

    private func writeUnary(_ op: UnaryOperator, _ operand: Expression, into out: inout String) {
        if op == .not {
            out += "NOT "
            write(operand, within: .not, into: &out)
            return
        }
        out += op.rawValue
        // `-(5)`: `-5` would read back as the literal -5, not as minus applied to 5.
        if op == .negate, case .literal(.number(let number)) = operand.kind, !number.text.hasPrefix("-") {
            out += "("
            write(operand, into: &out)
            out += ")"
            return
        }
        var text = ""
        write(operand, within: .unary, into: &text)
        // `- -x`, never `--x`, which starts a comment.
        if text.hasPrefix("-") || text.hasPrefix("+") { out += " " }
        out += text
    }

    func writeList(_ expressions: [Expression], into out: inout String) {
        for (position, expression) in expressions.enumerated() {
            if position > 0 { out += ", " }
            write(expression, into: &out)
        }
    }

    private func write(_ caseExpression: CaseExpression, into out: inout String) {
        out += "CASE"
        if let operand = caseExpression.operand {
            out += " "
            write(operand, into: &out)
        }
        for branch in caseExpression.branches {
            out += " WHEN "
            write(branch.condition, into: &out)
            out += " THEN "
            write(branch.result, into: &out)
        }
        if let elseResult = caseExpression.elseResult {
            out += " ELSE "
            write(elseResult, into: &out)
        }
        out += " END"
    }

    private func write(_ call: FunctionCall, into out: inout String) {
        writeFunctionName(call.name, into: &out)
        out += call.isDistinct ? "(DISTINCT " : "("
        writeList(call.arguments, into: &out)
        out += ")"
        if let filter = call.filter {
            out += " FILTER (WHERE "
            write(filter, into: &out)
            out += ")"
        }
        if let nullTreatment = call.nullTreatment { out += " " + nullTreatment.rawValue }
        if let window = call.window {
            out += " OVER "
            write(window, into: &out)
        }
    }

    func write(_ window: WindowReference, into out: inout String) {
        switch window {
        case .named(let name):
            write(name, into: &out)
        case .specification(let specification):
            out += "("
            var clauses: [String] = []
            if !specification.partitionBy.isEmpty {
                var clause = "PARTITION BY "
                writeList(specification.partitionBy, into: &clause)
                clauses.append(clause)
            }
            if !specification.orderBy.isEmpty {
                var clause = "ORDER BY "
                write(specification.orderBy, into: &clause)
                clauses.append(clause)
            }
            if let frame = specification.frame {
                var clause = frame.unit.rawValue + " BETWEEN "
                write(frame.start, into: &clause)
                clause += " AND "
                write(frame.end, into: &clause)
                clauses.append(clause)
            }
            out += clauses.joined(separator: " ") + ")"
        }
    }

    private func write(_ bound: FrameBound, into out: inout String) {
        switch bound {
        case .unboundedPreceding: out += "UNBOUNDED PRECEDING"
        case .preceding(let offset):
            write(offset, within: .bitwiseOr, into: &out)
            out += " PRECEDING"
        case .currentRow: out += "CURRENT ROW"
        case .following(let offset):
            write(offset, within: .bitwiseOr, into: &out)
            out += " FOLLOWING"
        case .unboundedFollowing: out += "UNBOUNDED FOLLOWING"
        }
    }

    func write(_ items: [OrderItem], into out: inout String) {
        for (position, item) in items.enumerated() {
            if position > 0 { out += ", " }
            write(item.expression, into: &out)
            if let direction = item.direction { out += " " + direction.rawValue }
            if let nulls = item.nulls { out += " " + nulls.rawValue }
        }
    }
}
