import Columns
import SQLSyntax

/// The window functions this slice computes.
enum WindowFunction: String, Sendable, Hashable {
    case rowNumber = "row_number", rank, denseRank = "dense_rank", lag, lead
    case countAll = "count(*)", count, sum, avg, min, max
}

/// One end of a window frame, in rows relative to the current one (ROWS), or the
/// current row's peers (RANGE CURRENT ROW).
enum FrameEdge: Sendable, Hashable {
    case unboundedPreceding
    case unboundedFollowing
    /// ROWS: the row `n` after the current (negative: before); RANGE: 0 only (the peers).
    case offset(Int)
}

struct WindowFrame: Sendable, Hashable {
    var rows: Bool
    var start: FrameEdge
    var end: FrameEdge

    /// Spark's default: with ORDER BY, RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW
    /// (peers included); without, the whole partition.
    static func `default`(ordered: Bool) -> WindowFrame {
        ordered ? WindowFrame(rows: false, start: .unboundedPreceding, end: .offset(0))
            : WindowFrame(rows: true, start: .unboundedPreceding, end: .unboundedFollowing)
    }
}

/// How rows are grouped and ordered for a window.
struct WindowSpec: Sendable, Hashable {
    var partitionBy: [BoundExpression]
    var orderBy: [WindowOrder]
}

struct WindowOrder: Sendable, Hashable {
    var expression: BoundExpression
    var descending: Bool
    var nullsFirst: Bool
}

/// One call: `function(arguments) OVER (spec frame)`, and the column that holds it.
struct WindowCall: Sendable, Hashable {
    var function: WindowFunction
    var arguments: [BoundExpression]
    /// lag/lead: how far, and the value when there is no such row.
    var offset: Int
    var defaultValue: BoundExpression?
    var spec: WindowSpec
    var frame: WindowFrame
    var output: ScopeColumn
}

/// The window calls a SELECT needs, gathered while its expressions are bound.
final class WindowCollector {
    var calls: [WindowCall] = []
    private let context: PlanningContext

    init(context: PlanningContext) { self.context = context }

    func add(_ function: WindowFunction, _ arguments: [BoundExpression], offset: Int = 1, defaultValue: BoundExpression? = nil,
             spec: WindowSpec, frame: WindowFrame, type: ColumnType) -> ScopeColumn {
        if let existing = calls.first(where: {
            $0.function == function && $0.arguments == arguments && $0.offset == offset && $0.defaultValue == defaultValue
                && $0.spec == spec && $0.frame == frame
        }) { return existing.output }
        let output = ScopeColumn(id: context.newID(), name: function.rawValue, type: type, qualifiers: [])
        calls.append(WindowCall(function: function, arguments: arguments, offset: offset, defaultValue: defaultValue,
                                spec: spec, frame: frame, output: output))
        return output
    }
}
