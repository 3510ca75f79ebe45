/// Plan trees as text, `EXPLAIN`-style: one line per node, children indented, with the
/// partition count; `analyzed` adds what each node did in the run (rows, batches, its own
/// time — its streams' time less its children's — and spill).
public enum PlanText {
    public static func explain(_ plan: any ExecutionPlan) -> String { explain(PlanNode(plan)) }

    public static func analyzed(_ plan: any ExecutionPlan) -> String { analyzed(PlanNode(plan)) }

    public static func explain(_ plan: PlanNode) -> String {
        lines(plan, depth: 0, analyzed: false).joined(separator: "\n")
    }

    public static func analyzed(_ plan: PlanNode) -> String {
        lines(plan, depth: 0, analyzed: true).joined(separator: "\n")
    }

    private static func lines(_ plan: PlanNode, depth: Int, analyzed: Bool) -> [String] {
        var line = String(repeating: "  ", count: depth) + plan.name
        if !plan.detail.isEmpty { line += ": " + plan.detail }
        line += " [partitions=\(plan.partitions)]"
        if analyzed {
            let own = plan.metrics
            let childSeconds = plan.children.reduce(0.0) { $0 + $1.metrics.seconds }
            line += " rows=\(own.outputRows) batches=\(own.outputBatches)"
            line += " time=" + seconds(max(0, own.seconds - childSeconds))
            if own.writtenRows > 0 { line += " written=\(own.writtenRows)" }
            if own.spilledBytes > 0 { line += " spill=" + Format.bytes(own.spilledBytes) }
        }
        return [line] + plan.children.flatMap { lines($0, depth: depth + 1, analyzed: analyzed) }
    }

    private static func seconds(_ value: Double) -> String {
        value < 1 ? "\(Int((value * 1000).rounded()))ms" : Format.decimal(value, 2) + "s"
    }
}
