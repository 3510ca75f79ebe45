import Columns
import SQLSyntax

/// `f(…) OVER (PARTITION BY … ORDER BY … [frame])` in a select list or ORDER BY.
extension ExpressionBinder {
    func bindWindow(_ call: FunctionCall, name: String, at location: SourceLocation,
                    into collector: WindowCollector) throws -> BoundExpression {
        guard case let .specification(specification)? = call.window else {
            throw SQLError.notSupported("named windows (WINDOW w AS …)", at: location)
        }
        if call.isDistinct { throw SQLError.notSupported("DISTINCT in a window function", at: location) }
        if call.filter != nil { throw SQLError.notSupported("FILTER in a window function", at: location) }
        var inner = self
        inner.windows = nil
        inner.clause = "a window function's arguments"
        let partitionBy = try specification.partitionBy.map { try inner.bind($0) }
        let orderBy = try specification.orderBy.map { item in
            let descending = item.direction == .descending
            return WindowOrder(expression: try inner.bind(item.expression), descending: descending,
                               nullsFirst: item.nulls.map { $0 == .first } ?? !descending)
        }
        let spec = WindowSpec(partitionBy: partitionBy, orderBy: orderBy)
        let frame = try Self.frame(specification.frame, ordered: !orderBy.isEmpty)
        let isStar = call.arguments.count == 1 && { if case .star(nil) = call.arguments[0].kind { true } else { false } }()
        let arguments = isStar ? [] : try call.arguments.map { try inner.bind($0) }

        func count(_ n: ClosedRange<Int>) throws {
            guard n.contains(arguments.count) else {
                throw SQLError("\(name) takes \(n.lowerBound == n.upperBound ? "\(n.lowerBound)" : "\(n.lowerBound) to \(n.upperBound)") "
                    + "argument\(n.upperBound == 1 ? "" : "s"), got \(arguments.count)", at: location)
            }
        }
        switch name {
        case "row_number", "rank", "dense_rank":
            try count(0 ... 0)
            if name != "row_number", orderBy.isEmpty { throw SQLError("\(name) needs an ORDER BY in its window", at: location) }
            let function: WindowFunction = name == "row_number" ? .rowNumber : name == "rank" ? .rank : .denseRank
            return collector.add(function, [], spec: spec, frame: frame, type: .int32).reference
        case "lag", "lead":
            try count(1 ... 3)
            var offset = 1
            if arguments.count > 1 {
                guard case let .literal(value, _) = try Coercion.to(arguments[1], .int64, at: call.arguments[1].location),
                      case let .int64(n) = value, (0 ... 1_000_000).contains(n) else {
                    throw SQLError("\(name): the offset must be a constant from 0 to 1000000", at: call.arguments[1].location)
                }
                offset = Int(n)
            }
            var defaultValue: BoundExpression?
            if arguments.count > 2 {
                let d = try Coercion.to(arguments[2], arguments[0].type, at: call.arguments[2].location)
                guard case .literal = d else {
                    throw SQLError.notSupported("\(name) with a default that is not a constant", at: call.arguments[2].location)
                }
                defaultValue = d
            }
            return collector.add(name == "lag" ? .lag : .lead, [arguments[0]], offset: offset, defaultValue: defaultValue,
                                 spec: spec, frame: frame, type: arguments[0].type).reference
        case "count":
            if arguments.isEmpty { return collector.add(.countAll, [], spec: spec, frame: frame, type: .int64).reference }
            try count(1 ... 1)
            return collector.add(.count, arguments, spec: spec, frame: frame, type: .int64).reference
        case "sum", "avg", "mean", "min", "max":
            try count(1 ... 1)
            let type = arguments[0].type
            switch name {
            case "sum":
                let result: ColumnType
                switch type {
                case .int32, .int64: result = .int64
                case let .decimal(_, s): result = .decimal(precision: 18, scale: s)
                default: throw SQLError.notSupported("sum over \(type)", at: location)
                }
                return collector.add(.sum, arguments, spec: spec, frame: frame, type: result).reference
            case "min", "max":
                return collector.add(name == "min" ? .min : .max, arguments, spec: spec, frame: frame, type: type).reference
            default:
                let result: ColumnType
                switch type {
                case .int32, .int64: result = .double
                case let .decimal(p, s): result = TypeRules.adjusted(p + 4, s + 4)
                default: throw SQLError.notSupported("avg over \(type)", at: location)
                }
                return collector.add(.avg, arguments, spec: spec, frame: frame, type: result).reference
            }
        default:
            throw SQLError.notSupported("the window function \(name)", at: location)
        }
    }

    /// The frame as written: ROWS with constant offsets; RANGE with UNBOUNDED or CURRENT ROW edges.
    static func frame(_ written: SQLSyntax.WindowFrame?, ordered: Bool) throws -> WindowFrame {
        guard let written else { return .default(ordered: ordered) }
        func edge(_ bound: FrameBound) throws -> FrameEdge {
            switch bound {
            case .unboundedPreceding: return .unboundedPreceding
            case .unboundedFollowing: return .unboundedFollowing
            case .currentRow: return .offset(0)
            case let .preceding(e), let .following(e):
                guard written.unit == .rows else {
                    throw SQLError.notSupported("RANGE frames with offsets (use ROWS)", at: written.location)
                }
                guard case let .literal(.number(n)) = e.kind, n.kind == .integer || n.kind == .bigint, let k = Int(n.text),
                      (0 ... 1_000_000).contains(k) else {
                    throw SQLError("a frame offset must be an integer constant from 0 to 1000000", at: e.location)
                }
                if case .preceding = bound { return .offset(-k) }
                return .offset(k)
            }
        }
        return WindowFrame(rows: written.unit == .rows, start: try edge(written.start), end: try edge(written.end))
    }
}
