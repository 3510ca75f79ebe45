import Columns
import SQLSyntax

/// Resolves and type-checks expressions against a scope. With an `AggregateCollector`
/// it binds the expressions above a GROUP BY: aggregate calls become references to the
/// aggregate's results, expressions equal to a group key become references to that key,
/// and any other column is an error.
struct ExpressionBinder {
    let context: PlanningContext
    let scope: Scope
    var aggregates: AggregateCollector?
    /// Where window calls go (the select list and ORDER BY); nil elsewhere.
    var windows: WindowCollector?
    /// Select-list aliases GROUP BY and HAVING may name (a FROM column of that name wins, as in Spark).
    var aliases: [String: Expression] = [:]
    /// Where the expression stands, for "not allowed here" messages (`WHERE`, `GROUP BY`…).
    var clause = "this clause"

    init(context: PlanningContext, scope: Scope, aggregates: AggregateCollector? = nil) {
        self.context = context
        self.scope = scope
        self.aggregates = aggregates
    }

    func bind(_ e: Expression) throws -> BoundExpression {
        // A select-list alias where a FROM column of that name does not exist.
        if !aliases.isEmpty, case let .column(name) = e.kind, name.parts.count == 1,
           let alias = aliases[name.parts[0].name.lowercased()], (try? scope.resolve(name)) == nil {
            var inner = self
            inner.aliases = [:]  // `upper(ch) AS ch` must not expand into itself
            return try inner.bind(alias)
        }
        if case let .function(call) = e.kind, call.window != nil {
            let name = call.name.parts.map(\.name).joined(separator: ".").lowercased()
            guard let windows else { throw SQLError("window function \(name) is not allowed in \(clause)", at: e.location) }
            return try bindWindow(call, name: name, at: e.location, into: windows)
        }
        guard let aggregates else { return try bindNode(e) }
        // An aggregate call: bind its argument below the aggregate.
        if case let .function(call) = e.kind, call.window == nil, let name = call.name.last?.name.lowercased(),
           AggregateCollector.names.contains(name) {
            return try bindAggregate(call, name: name, at: e.location, into: aggregates)
        }
        // A group key (or a constant): a reference to the key's column.
        var raw = self
        raw.aggregates = nil
        if let bound = try? raw.bindNode(e) {
            if let key = aggregates.key(matching: bound) { return key.reference }
            if bound.columnIDs.isEmpty { return bound }
        }
        if case let .column(name) = e.kind {
            let column = try raw.bindNode(e)
            _ = column
            throw SQLError("column '\(name)' must appear in GROUP BY or be inside an aggregate function", at: e.location)
        }
        return try bindNode(e)
    }

    private func bindAggregate(_ call: FunctionCall, name: String, at location: SourceLocation,
                               into collector: AggregateCollector) throws -> BoundExpression {
        if let filter = call.filter {
            // agg(x) FILTER (WHERE c) is agg(CASE WHEN c THEN x END); count(*) counts CASE WHEN c THEN true END.
            var plain = call
            plain.filter = nil
            if name == "count", plain.arguments.isEmpty || plain.arguments.count == 1 && plain.arguments[0].kind == .star(qualifier: nil) {
                plain.arguments = [Expression(.literal(.boolean(true)), at: location)]
            }
            guard let first = plain.arguments.first else { throw SQLError("\(name) takes an argument", at: location) }
            let branch = WhenClause(condition: filter, result: first)
            plain.arguments[0] = Expression(.caseWhen(CaseExpression(operand: nil, branches: [branch], elseResult: nil)), at: first.location)
            return try bindAggregate(plain, name: name, at: location, into: collector)
        }
        var below = ExpressionBinder(context: context, scope: scope)
        below.clause = "an aggregate function's argument"
        let isStar = call.arguments.count == 1 && { if case .star(nil) = call.arguments[0].kind { true } else { false } }()
        if name == "count", isStar || call.arguments.isEmpty {
            if call.isDistinct { throw SQLError("count(DISTINCT *) is not valid; name the columns", at: location) }
            return try collector.call(.countAll, nil, distinct: false, at: location).reference
        }
        if name == "percentile" {
            guard call.arguments.count == 2 else { throw SQLError("percentile takes 2 arguments, got \(call.arguments.count)", at: location) }
            let fraction = try below.bind(call.arguments[1])
            var value: Double?
            if case let .literal(v, t) = try Coercion.to(fraction, .double, at: call.arguments[1].location), t == .double,
               case let .double(d) = v { value = d }
            guard let p = value, (0 ... 1).contains(p) else {
                throw SQLError("percentile: the fraction must be a constant from 0 to 1", at: call.arguments[1].location)
            }
            return try percentile(call.arguments[0], p, distinct: call.isDistinct, binder: below, at: location, into: collector)
        }
        if name == "percentile_approx" || name == "approx_percentile" {
            // (x, p [, accuracy]): the accuracy only bounds the sketch's error; the answer here is exact.
            guard (2 ... 3).contains(call.arguments.count) else {
                throw SQLError("\(name) takes 2 or 3 arguments, got \(call.arguments.count)", at: location)
            }
            let p = try constantFraction(call.arguments[1], name: name, binder: below)
            if call.arguments.count == 3 {
                guard case let .literal(.int64(accuracy), _) = try Coercion.to(try below.bind(call.arguments[2]), .int64, at: call.arguments[2].location),
                      accuracy > 0 else {
                    throw SQLError("\(name): the accuracy must be a positive integer constant", at: call.arguments[2].location)
                }
            }
            let value = try below.bind(call.arguments[0])
            guard TypeRules.isNumeric(value.type) || value.type == .date else {
                throw SQLError("type mismatch in \(name): its argument is \(value.type), expected a number or a date", at: call.arguments[0].location)
            }
            return try collector.call(.percentileApprox, value, distinct: call.isDistinct, fraction: p, at: location).reference
        }
        guard call.arguments.count == 1 else {
            if name == "count" { throw SQLError.notSupported("count over several expressions", at: location) }
            throw SQLError("\(name) takes one argument, got \(call.arguments.count)", at: location)
        }
        var argument = try below.bind(call.arguments[0])
        // A bare NULL (Spark's NullType) aggregates as a DOUBLE: sum(NULL) is NULL.
        if argument.isNullLiteral { argument = .literal(.null, .double) }
        if AggregateDetector.contains(call.arguments[0]) {
            throw SQLError("aggregate functions cannot be nested", at: call.arguments[0].location)
        }
        switch name {
        case "count": return try collector.call(.count, argument, distinct: call.isDistinct, at: location).reference
        case "sum":
            guard TypeRules.isNumeric(argument.type) else {
                throw SQLError("type mismatch in sum: its argument is \(argument.type), expected a number", at: location)
            }
            return try collector.call(.sum, argument, distinct: call.isDistinct, at: location).reference
        case "min": return try collector.call(.min, argument, distinct: false, at: location).reference
        case "max": return try collector.call(.max, argument, distinct: false, at: location).reference
        case "median":
            return try percentile(call.arguments[0], 0.5, distinct: call.isDistinct, binder: below, at: location, into: collector)
        case "stddev", "stddev_samp", "stddev_pop", "variance", "var_samp", "var_pop":
            guard TypeRules.isNumeric(argument.type) else {
                throw SQLError("type mismatch in \(name): its argument is \(argument.type), expected a number", at: location)
            }
            let kind: AggregateKind = switch name {
            case "stddev", "stddev_samp": .stddevSample
            case "stddev_pop": .stddevPopulation
            case "variance", "var_samp": .varianceSample
            default: .variancePopulation
            }
            let asDouble = try Coercion.to(argument, .double, at: location)
            return try collector.call(kind, asDouble, distinct: call.isDistinct, at: location).reference
        default:
            // avg = sum / count of the same values (Spark: DECIMAL(p+4, s+4), or DOUBLE).
            guard TypeRules.isNumeric(argument.type) else {
                throw SQLError("type mismatch in \(name): its argument is \(argument.type), expected a number", at: location)
            }
            let sum = try collector.call(.sum, argument, distinct: call.isDistinct, at: location)
            let count = try collector.call(.count, argument, distinct: call.isDistinct, at: location)
            let type: ColumnType
            switch argument.type {
            case let .decimal(p, s): type = TypeRules.adjusted(p + 4, s + 4)
            case .int32, .int64, .double: type = .double
            default: throw SQLError("type mismatch in avg: its argument is \(argument.type), expected a number", at: location)
            }
            return .average(sum: sum.reference, count: count.reference, type: type)
        }
    }

    private func constantFraction(_ argument: Expression, name: String, binder: ExpressionBinder) throws -> Double {
        if case let .literal(.double(d), .double) = try Coercion.to(try binder.bind(argument), .double, at: argument.location),
           (0 ... 1).contains(d) {
            return d
        }
        throw SQLError("\(name): the fraction must be a constant from 0 to 1", at: argument.location)
    }

    private func percentile(_ argument: Expression, _ fraction: Double, distinct: Bool, binder: ExpressionBinder,
                            at location: SourceLocation, into collector: AggregateCollector) throws -> BoundExpression {
        let value = try binder.bind(argument)
        guard TypeRules.isNumeric(value.type) else {
            throw SQLError("type mismatch in percentile: its argument is \(value.type), expected a number", at: argument.location)
        }
        let asDouble = try Coercion.to(value, .double, at: argument.location)
        return try collector.call(.percentile, asDouble, distinct: distinct, fraction: fraction, at: location).reference
    }

    // MARK: - Nodes

    func bindNode(_ e: Expression) throws -> BoundExpression {
        let text = { SQLPrinter().print(e) }
        switch e.kind {
        case let .literal(literal):
            return try LiteralBinder.bind(literal, at: e.location)
        case let .column(name):
            do {
                return try scope.resolve(name).reference
            } catch {
                if name.parts.count == 1, let only = name.parts.first?.name.lowercased(),
                   only == "current_date" { return LiteralBinder.currentDate() }
                throw error
            }
        case .star:
            throw SQLError("'*' is only allowed in a select list or count(*)", at: e.location)
        case let .unary(op, operand):
            let x = try bind(operand)
            switch op {
            case .not: return .not(try Coercion.condition(x, e, operand))
            case .negate:
                guard TypeRules.isNumeric(x.type) else { throw typeError(e, "a number", x.type, operand) }
                if case let .literal(value, type) = x { return try Coercion.fold(.negate(.literal(value, type), text: text()), type, at: e.location) }
                return .negate(x, text: text())
            case .plus:
                guard TypeRules.isNumeric(x.type) else { throw typeError(e, "a number", x.type, operand) }
                return x
            case .bitwiseNot: throw SQLError.notSupported("bitwise operators", at: e.location)
            }
        case let .binary(op, l, r):
            return try bindBinary(op, l, r, e)
        case let .isNull(x, negated):
            return .isNull(try bind(x), negated: negated)
        case let .isBoolean(x, value, negated):
            let b = try Coercion.condition(try bind(x), e, x)
            let result: BoundExpression = switch value {
            case nil: .isNull(b, negated: false)
            case true?: .and(.isNull(b, negated: true), b)
            case false?: .and(.isNull(b, negated: true), .not(b))
            }
            return negated ? .not(result) : result
        case let .isDistinctFrom(l, r, negated):
            let (a, b, _) = try Coercion.common(try bind(l), try bind(r), for: e, l.location, r.location)
            let same = BoundExpression.compare(.nullSafeEqual, a, b)
            return negated ? same : .not(same)
        case let .between(x, low, high, negated):
            let value = try bind(x)
            let (a, lo, _) = try Coercion.common(value, try bind(low), for: e, x.location, low.location)
            let (b, hi, _) = try Coercion.common(value, try bind(high), for: e, x.location, high.location)
            let inside = BoundExpression.and(.compare(.greaterOrEqual, a, lo), .compare(.lessOrEqual, b, hi))
            return negated ? .not(inside) : inside
        case let .inList(x, list, negated):
            return try bindInList(x, list, negated: negated, e)
        case .inSubquery:
            throw SQLError.notSupported("IN (subquery)", at: e.location)
        case .exists:
            throw SQLError.notSupported("EXISTS (subquery)", at: e.location)
        case .scalarSubquery:
            throw SQLError.notSupported("scalar subqueries", at: e.location)
        case let .like(x, pattern, op, escape, negated):
            guard op != .rlike else { throw SQLError.notSupported("RLIKE / REGEXP", at: e.location) }
            let value = try Coercion.to(try bind(x), .text, at: x.location)
            // x LIKE NULL is NULL (for every x).
            if case .literal(.null) = pattern.kind { return .literal(.null, .bool) }
            guard case let .literal(.string(text)) = pattern.kind else {
                throw SQLError.notSupported("\(op.rawValue) with a pattern that is not a string constant", at: pattern.location)
            }
            return .like(value, LikePattern(text, escape: escape, caseInsensitive: op == .ilike), negated: negated)
        case let .caseWhen(c):
            return try bindCase(c, e)
        case let .cast(x, type):
            return try bindCast(x, type, orNull: false, e)
        case let .tryCast(x, type):
            return try bindCast(x, type, orNull: true, e)
        case let .function(call):
            return try FunctionBinder(binder: self).bind(call, e)
        case let .extract(field, source):
            let name: String
            switch field.name.lowercased() {
            case "year", "years", "y", "yr", "yrs": name = "year"
            case "quarter", "qtr": name = "quarter"
            case "month", "months", "mon", "mons": name = "month"
            case "day", "days", "d": name = "day"
            case "dayofweek", "dow": name = "dayofweek"
            default: throw SQLError.notSupported("EXTRACT(\(field.name) FROM …)", at: field.location)
            }
            let call = FunctionCall(name: QualifiedName([Identifier(name, at: e.location)]), arguments: [source])
            return try FunctionBinder(binder: self).bind(call, e)
        case .element:
            throw SQLError.notSupported("arrays and maps (x[i])", at: e.location)
        case .field:
            throw SQLError.notSupported("struct fields", at: e.location)
        }
    }

    private func bindBinary(_ op: BinaryOperator, _ l: Expression, _ r: Expression, _ e: Expression) throws -> BoundExpression {
        let text = SQLPrinter().print(e)
        if op == .add || op == .subtract, let interval = IntervalBinder.interval(r) ?? (op == .add ? IntervalBinder.interval(l) : nil) {
            // date ± INTERVAL (Spark: a DATE when the interval has no time part): months, then days.
            let intervalOnRight = IntervalBinder.interval(r) != nil
            let date = try bind(intervalOnRight ? l : r)
            guard date.type == .date || date.isNullLiteral else {
                throw SQLError("type mismatch in '\(text)': \(date.type) \(op.rawValue) INTERVAL needs a DATE", at: e.location)
            }
            let (months, days) = try IntervalBinder.monthsAndDays(interval, at: (intervalOnRight ? r : l).location)
            let sign: Int64 = op == .subtract ? -1 : 1
            var result = try Coercion.to(date, .date, at: e.location)
            if months != 0 { result = .function(.addMonths, [result, .literal(.int64(sign * months), .int64)], type: .date, text: text) }
            if days != 0 { result = .function(.dateAdd, [result, .literal(.int64(sign * days), .int64)], type: .date, text: text) }
            return result
        }
        let a = try bind(l), b = try bind(r)
        switch op {
        case .and, .or:
            let x = try Coercion.condition(a, e, l)
            let y = try Coercion.condition(b, e, r)
            return op == .and ? .and(x, y) : .or(x, y)
        case .equal, .notEqual, .nullSafeEqual, .less, .lessOrEqual, .greater, .greaterOrEqual:
            let (x, y, _) = try Coercion.common(a, b, for: e, l.location, r.location)
            let comparison: ComparisonOperator = switch op {
            case .equal: .equal
            case .notEqual: .notEqual
            case .nullSafeEqual: .nullSafeEqual
            case .less: .less
            case .lessOrEqual: .lessOrEqual
            case .greater: .greater
            default: .greaterOrEqual
            }
            return .compare(comparison, x, y)
        case .concat:
            return .function(.concat, [try Coercion.to(a, .text, at: l.location), try Coercion.to(b, .text, at: r.location)],
                             type: .text, text: text)
        case .add where a.type == .date || b.type == .date, .subtract where a.type == .date || b.type == .date:
            // date ± days (Spark's date_add / date_sub).
            guard a.type == .date, TypeRules.isIntegral(b.type) || b.isNullLiteral else {
                throw SQLError("type mismatch in '\(text)': \(a.type) \(op.rawValue) \(b.type) (use date_add, date_sub or datediff)",
                               at: e.location)
            }
            return .function(op == .add ? .dateAdd : .dateSub, [a, try Coercion.to(b, .int64, at: r.location)], type: .date, text: text)
        case .add, .subtract, .multiply, .divide, .modulo, .integerDivide:
            let arithmetic: ArithmeticOperator = switch op {
            case .add: .add
            case .subtract: .subtract
            case .multiply: .multiply
            case .divide: .divide
            case .modulo: .modulo
            default: .integerDivide
            }
            var x = a, y = b
            // A string operand is a number in arithmetic (Spark casts it to DOUBLE).
            if x.type == .text { x = try Coercion.to(x, .double, at: l.location) }
            if y.type == .text { y = try Coercion.to(y, .double, at: r.location) }
            if x.isNullLiteral { x = .literal(.null, y.type) }
            if y.isNullLiteral { y = .literal(.null, x.type) }
            guard let result = TypeRules.arithmetic(arithmetic, x.type, y.type) else {
                throw SQLError("type mismatch in '\(text)': \(a.type) \(op.rawValue) \(b.type) needs numbers", at: e.location)
            }
            // Operands in the compute type: BIGINT, DOUBLE, or decimals as they are.
            switch result {
            case .double:
                x = try Coercion.to(x, .double, at: l.location)
                y = try Coercion.to(y, .double, at: r.location)
            case .int64 where arithmetic != .integerDivide || (TypeRules.isIntegral(x.type) && TypeRules.isIntegral(y.type)):
                x = try Coercion.to(x, .int64, at: l.location)
                y = try Coercion.to(y, .int64, at: r.location)
            default:
                if let (p, s) = TypeRules.asDecimal(x.type), x.type != .decimal(precision: p, scale: s) {
                    x = try Coercion.to(x, .decimal(precision: p, scale: s), at: l.location)
                }
                if let (p, s) = TypeRules.asDecimal(y.type), y.type != .decimal(precision: p, scale: s) {
                    y = try Coercion.to(y, .decimal(precision: p, scale: s), at: r.location)
                }
            }
            let node = BoundExpression.arithmetic(arithmetic, x, y, type: result, text: text)
            if case .literal = x, case .literal = y { return try Coercion.fold(node, result, at: e.location) }
            return node
        case .bitwiseOr, .bitwiseAnd, .bitwiseXor:
            throw SQLError.notSupported("bitwise operators", at: e.location)
        }
    }

    private func bindInList(_ x: Expression, _ list: [Expression], negated: Bool, _ e: Expression) throws -> BoundExpression {
        let value = try bind(x)
        let items = try list.map { try bind($0) }
        guard let type = Coercion.unify([value.type] + items.map(\.type), nullable: [value.isNullLiteral] + items.map(\.isNullLiteral)) else {
            throw SQLError("type mismatch in '\(SQLPrinter().print(e))': the IN list's values do not match \(value.type)", at: e.location)
        }
        let coercedValue = try Coercion.to(value, type, at: x.location)
        var constants: [Scalar] = []
        for (item, expression) in zip(items, list) {
            guard case let .literal(v, _) = try Coercion.to(item, type, at: expression.location) else {
                // Not all constants: an OR of equalities means the same.
                var result: BoundExpression?
                for (i, ex) in zip(items, list) {
                    let (a, b, _) = try Coercion.common(value, i, for: e, x.location, ex.location)
                    let eq = BoundExpression.compare(.equal, a, b)
                    result = result.map { .or($0, eq) } ?? eq
                }
                guard let result else { break }
                return negated ? .not(result) : result
            }
            constants.append(v)
        }
        return .inList(coercedValue, constants, negated: negated)
    }

    private func bindCase(_ c: CaseExpression, _ e: Expression) throws -> BoundExpression {
        var conditions: [BoundExpression] = []
        let operand = try c.operand.map { try bind($0) }
        for branch in c.branches {
            let when = try bind(branch.condition)
            if let operand, let operandExpression = c.operand {
                let (a, b, _) = try Coercion.common(operand, when, for: e, operandExpression.location, branch.condition.location)
                conditions.append(.compare(.equal, a, b))
            } else {
                conditions.append(try Coercion.condition(when, branch.condition, branch.condition))
            }
        }
        let results = try c.branches.map { try bind($0.result) }
        let otherwise = try c.elseResult.map { try bind($0) }
        let all = results + (otherwise.map { [$0] } ?? [])
        guard let type = Coercion.unify(all.map(\.type), nullable: all.map(\.isNullLiteral)) else {
            throw SQLError("type mismatch in CASE: its results are \(Set(all.map(\.type.description)).sorted().joined(separator: ", "))",
                           at: e.location)
        }
        var branches: [CaseBranch] = []
        for (i, branch) in c.branches.enumerated() {
            branches.append(CaseBranch(condition: conditions[i], result: try Coercion.to(results[i], type, at: branch.result.location)))
        }
        let elseValue = try otherwise.map { try Coercion.to($0, type, at: c.elseResult?.location ?? e.location) }
        return .caseWhen(branches, otherwise: elseValue, type: type)
    }

    private func bindCast(_ x: Expression, _ type: DataTypeName, orNull: Bool, _ e: Expression) throws -> BoundExpression {
        let value = try bind(x)
        let target = try TypeNames.columnType(type)
        if value.type == target { return value }
        if case .literal = value {
            if orNull, case let .literal(v, t) = value {
                let column = try CastKernel.cast(v.column(rows: 1, type: t), from: t, to: target, orNull: true)
                return .literal(Scalar.of(column, row: 0), target)
            }
            return try Coercion.to(value, target, at: x.location)
        }
        guard CastKernel.canCast(from: value.type, to: target) else {
            throw SQLError("cannot cast \(value.type) to \(target) in '\(SQLPrinter().print(e))'", at: e.location)
        }
        return .cast(value, to: target, orNull: orNull)
    }

    func typeError(_ e: Expression, _ expected: String, _ found: ColumnType, _ operand: Expression) -> SQLError {
        SQLError("type mismatch in '\(SQLPrinter().print(e))': '\(SQLPrinter().print(operand))' is \(found), expected \(expected)",
                 at: operand.location)
    }
}

extension BoundExpression {
    /// Itself when it has `type`, else a type error naming the expression.
    func checked(_ type: ColumnType, _ whole: Expression, _ part: Expression) throws -> BoundExpression {
        guard self.type == type else {
            throw SQLError("type mismatch in '\(SQLPrinter().print(whole))': '\(SQLPrinter().print(part))' is \(self.type), expected \(type)",
                           at: part.location)
        }
        return self
    }
}

extension Coercion {
    /// A constant expression computed now (errors point at it).
    static func fold(_ e: BoundExpression, _ type: ColumnType, at location: SourceLocation) throws -> BoundExpression {
        do {
            let compiled = try CompiledExpression(e, schema: Schema([]))
            let one = RecordBatch(schema: Schema([Field("one", .int32)]), columns: [.int32(FixedColumn(values: [0]))])
            return .literal(Scalar.of(try compiled.evaluate(one), row: 0), type)
        } catch let error as SQLError {
            throw SQLError(error.message, at: location)
        }
    }
}
