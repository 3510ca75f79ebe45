import Columns
import SQLSyntax

/// Calls of built-in scalar functions: name (and synonyms) to a `ScalarFunction`, with
/// argument counts checked and arguments cast to what the function takes.
struct FunctionBinder {
    let binder: ExpressionBinder

    static let known: [String] = [
        "coalesce", "ifnull", "nvl", "nullif", "if", "lower", "lcase", "upper", "ucase", "initcap", "concat", "concat_ws",
        "substring", "substr", "length", "char_length", "character_length", "trim", "ltrim", "rtrim", "replace", "lpad",
        "rpad", "split_part", "regexp_extract", "year", "quarter", "month", "day", "dayofmonth", "dayofweek", "date_trunc", "trunc",
        "date_add", "date_sub", "add_months", "datediff", "date_format", "make_date", "last_day", "current_date",
        "to_date", "abs", "round", "count", "sum", "avg", "mean", "min", "max",
    ]

    func bind(_ call: FunctionCall, _ e: Expression) throws -> BoundExpression {
        let name = call.name.parts.map(\.name).joined(separator: ".").lowercased()
        let location = e.location
        let text = SQLPrinter().print(e)
        if call.window != nil { throw SQLError.notSupported("window functions (\(name) OVER …)", at: location) }
        if AggregateCollector.unsupported.contains(name) { throw SQLError.notSupported("the aggregate \(name)", at: location) }
        if name == "grouping" || name == "grouping_id" { throw SQLError.notSupported("\(name)()", at: location) }
        if AggregateCollector.names.contains(name) {
            throw SQLError("aggregate function \(name) is not allowed in \(binder.clause)", at: location)
        }
        if call.isDistinct { throw SQLError("DISTINCT is only valid in aggregate functions, not \(name)", at: location) }
        let args = try call.arguments.map { try binder.bind($0) }
        let locations = call.arguments.map(\.location)

        func count(_ range: ClosedRange<Int>) throws {
            guard range.contains(args.count) else {
                let expected = range.lowerBound == range.upperBound ? "\(range.lowerBound)" : "\(range.lowerBound) to \(range.upperBound)"
                throw SQLError("\(name) takes \(expected) argument\(range.upperBound == 1 ? "" : "s"), got \(args.count)", at: location)
            }
        }
        func arg(_ i: Int, _ type: ColumnType) throws -> BoundExpression {
            let a = try Coercion.to(args[i], type, at: locations[i])
            if a.type != type || (!CastKernel.canCast(from: args[i].type, to: type)) {
                throw SQLError("type mismatch in '\(text)': argument \(i + 1) is \(args[i].type), expected \(type)", at: locations[i])
            }
            return a
        }
        func function(_ f: ScalarFunction, _ types: [ColumnType], result: ColumnType) throws -> BoundExpression {
            let bound = try types.indices.filter { $0 < args.count }.map { try arg($0, types[$0]) }
            return .function(f, bound, type: result, text: text)
        }

        switch name {
        case "coalesce", "ifnull", "nvl":
            try count(name == "coalesce" ? 1 ... 64 : 2 ... 2)
            guard let type = Coercion.unify(args.map(\.type), nullable: args.map(\.isNullLiteral)) else {
                throw SQLError("type mismatch in '\(text)': arguments are \(args.map(\.type.description).joined(separator: ", "))", at: location)
            }
            return .coalesce(try args.indices.map { try Coercion.to(args[$0], type, at: locations[$0]) }, type: type)
        case "nullif":
            try count(2 ... 2)
            let (a, b, _) = try Coercion.common(args[0], args[1], for: e, locations[0], locations[1])
            return .caseWhen([CaseBranch(condition: .compare(.equal, a, b), result: .literal(.null, args[0].type))],
                             otherwise: args[0], type: args[0].type)
        case "if":
            try count(3 ... 3)
            let condition = try arg(0, .bool)
            guard let type = Coercion.unify([args[1].type, args[2].type], nullable: [args[1].isNullLiteral, args[2].isNullLiteral]) else {
                throw SQLError("type mismatch in '\(text)': \(args[1].type) and \(args[2].type)", at: location)
            }
            return .caseWhen([CaseBranch(condition: condition, result: try Coercion.to(args[1], type, at: locations[1]))],
                             otherwise: try Coercion.to(args[2], type, at: locations[2]), type: type)
        case "lower", "lcase": try count(1 ... 1); return try function(.lower, [.text], result: .text)
        case "upper", "ucase": try count(1 ... 1); return try function(.upper, [.text], result: .text)
        case "initcap": try count(1 ... 1); return try function(.initcap, [.text], result: .text)
        case "concat":
            try count(1 ... 64)
            return try function(.concat, Array(repeating: .text, count: args.count), result: .text)
        case "concat_ws":
            try count(1 ... 64)
            return try function(.concatWS, Array(repeating: .text, count: args.count), result: .text)
        case "substring", "substr":
            try count(2 ... 3); return try function(.substring, [.text, .int64, .int64], result: .text)
        case "length", "char_length", "character_length":
            try count(1 ... 1); return try function(.length, [.text], result: .int32)
        case "trim": try count(1 ... 1); return try function(.trim, [.text], result: .text)
        case "ltrim": try count(1 ... 1); return try function(.ltrim, [.text], result: .text)
        case "rtrim": try count(1 ... 1); return try function(.rtrim, [.text], result: .text)
        case "replace": try count(2 ... 3); return try function(.replace, [.text, .text, .text], result: .text)
        case "lpad": try count(2 ... 3); return try function(.lpad, [.text, .int64, .text], result: .text)
        case "rpad": try count(2 ... 3); return try function(.rpad, [.text, .int64, .text], result: .text)
        case "split_part": try count(3 ... 3); return try function(.splitPart, [.text, .text, .int64], result: .text)
        case "regexp_extract":
            // Spark's default group is 1; pattern and group must be constants (compiled once).
            try count(2 ... 3)
            var bound = try [arg(0, .text), arg(1, .text)]
            bound.append(args.count == 3 ? try arg(2, .int64) : .literal(.int64(1), .int64))
            guard case let .literal(pattern, _) = bound[1], case let .literal(group, _) = bound[2] else {
                throw SQLError.notSupported("regexp_extract with a pattern or group that is not a constant", at: location)
            }
            if case let .text(p) = pattern, case let .int64(g) = group {
                do { _ = try RegexFunctions.compile(p, group: g, text: text) } catch let error as SQLError {
                    throw SQLError(error.message, at: locations[1])
                }
            }
            return .function(.regexpExtract, bound, type: .text, text: text)
        case "year": try count(1 ... 1); return try function(.year, [.date], result: .int32)
        case "quarter": try count(1 ... 1); return try function(.quarter, [.date], result: .int32)
        case "month": try count(1 ... 1); return try function(.month, [.date], result: .int32)
        case "day", "dayofmonth": try count(1 ... 1); return try function(.day, [.date], result: .int32)
        case "dayofweek": try count(1 ... 1); return try function(.dayOfWeek, [.date], result: .int32)
        case "date_trunc": try count(2 ... 2); return try function(.dateTrunc, [.text, .date], result: .date)
        case "trunc":
            try count(2 ... 2)
            return .function(.dateTrunc, [try arg(1, .text), try arg(0, .date)], type: .date, text: text)
        case "date_add": try count(2 ... 2); return try function(.dateAdd, [.date, .int64], result: .date)
        case "date_sub": try count(2 ... 2); return try function(.dateSub, [.date, .int64], result: .date)
        case "add_months": try count(2 ... 2); return try function(.addMonths, [.date, .int64], result: .date)
        case "datediff": try count(2 ... 2); return try function(.dateDiff, [.date, .date], result: .int32)
        case "date_format":
            try count(2 ... 2)
            guard case .literal = args[1] else {
                throw SQLError.notSupported("date_format with a pattern that is not a constant", at: locations[1])
            }
            if case let .literal(.text(pattern), _) = args[1] { _ = try DatePattern.parse(pattern) }
            return try function(.dateFormat, [.date, .text], result: .text)
        case "make_date": try count(3 ... 3); return try function(.makeDate, [.int64, .int64, .int64], result: .date)
        case "last_day": try count(1 ... 1); return try function(.lastDay, [.date], result: .date)
        case "current_date": try count(0 ... 0); return LiteralBinder.currentDate()
        case "to_date":
            try count(1 ... 2)
            guard args.count == 1 else { throw SQLError.notSupported("to_date with a format (dates are read as yyyy-MM-dd)", at: location) }
            return try arg(0, .date)
        case "abs":
            try count(1 ... 1)
            guard TypeRules.isNumeric(args[0].type) else { throw binder.typeError(e, "a number", args[0].type, call.arguments[0]) }
            return .function(.abs, [args[0]], type: args[0].type, text: text)
        case "round":
            try count(1 ... 2)
            guard TypeRules.isNumeric(args[0].type) else { throw binder.typeError(e, "a number", args[0].type, call.arguments[0]) }
            var digits: Int64 = 0
            if args.count == 2 {
                guard case let .literal(value, _) = try arg(1, .int64), case let .int64(d) = value, (-18 ... 18).contains(d) else {
                    throw SQLError("round: the number of digits must be a constant from -18 to 18", at: locations[1])
                }
                digits = d
            }
            var result = args[0].type
            if case let .decimal(p, s) = args[0].type, digits < 0 {
                // Spark: DECIMAL(max(p - s + 1, 1 - d), 0), rounded to a multiple of 10^-d.
                result = TypeRules.adjusted(max(p - s + 1, 1 - Int(digits)), 0)
                return .function(.round, [args[0], .literal(.int64(digits), .int64)], type: result, text: text)
            }
            if case let .decimal(p, s) = args[0].type {
                // Spark: DECIMAL(p - s + min(s, d) + 1, min(s, d)) for d >= 0.
                let target = Int(max(0, min(Int64(s), digits)))
                result = TypeRules.adjusted(p - s + target + 1, target)
                return .function(.round, [args[0]], type: result, text: text)
            }
            if TypeRules.isIntegral(args[0].type) {
                guard digits >= 0 else { throw SQLError.notSupported("round of an integer to negative digits", at: location) }
                return args[0]
            }
            return .function(.round, [args[0], .literal(.int64(digits), .int64)], type: .double, text: text)
        case "row_number", "rank", "dense_rank", "lag", "lead", "ntile", "percent_rank", "cume_dist":
            throw SQLError("\(name) is a window function: it needs an OVER clause", at: location)
        default:
            let hint = Suggestions.hint(for: name, among: Self.known)
            throw SQLError("unknown function '\(name)'\(hint)", at: location)
        }
    }
}
