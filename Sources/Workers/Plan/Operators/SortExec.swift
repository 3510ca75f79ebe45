import Columns

/// Sorts each partition by `keys` with an external sort: runs that outgrow the memory
/// budget are sorted and spilled, then merged. Put a `CoalescePartitionsExec` under it for
/// one globally sorted partition; `fetch` keeps only the first rows (top-N).
public final class SortExec: ExecutionPlan {
    public let name = "SortExec"
    public let input: any ExecutionPlan
    public let keys: [SortKey]
    public let fetch: Int?
    public let metrics = OperatorMetrics()

    public init(_ input: any ExecutionPlan, keys: [SortKey], fetch: Int? = nil) throws {
        _ = try RowEncoder(schema: input.schema, keys: keys)
        self.input = input
        self.keys = keys
        self.fetch = fetch.map { max(0, $0) }
    }

    public var schema: Schema { input.schema }
    public var partitionCount: Int { input.partitionCount }
    public var outputPartitioning: OutputPartitioning { input.outputPartitioning }
    public var children: [any ExecutionPlan] { [input] }
    public var detail: String {
        keys.map { "\($0.column) \($0.descending ? "desc" : "asc") nulls \($0.nullsFirst ? "first" : "last")" }
            .joined(separator: ", ") + (fetch.map { ", fetch \($0)" } ?? "")
    }

    public func execute(partition: Int, context: TaskContext) throws -> BatchStream {
        let source = try input.execute(partition: partition, context: context)
        let sorter = try ExternalSorter(schema: schema, keys: keys, budget: context.budget, spillDirectory: context.spill,
                                        batchRows: min(context.batchRows, 65_536))
        var merger: SortMerger?
        var remaining = fetch ?? Int.max
        let metrics = metrics
        return try metered(partition) {
            if merger == nil {
                while let batch = try await source.next() { try sorter.add(batch) }
                metrics.add(spilledBytes: sorter.spilledBytes)
                merger = try sorter.finish()
            }
            guard remaining > 0, let batch = try merger?.next() else { return nil }
            let kept = batch.rowCount <= remaining ? batch : try batch.gather(0 ..< remaining)
            remaining -= kept.rowCount
            return kept
        }
    }
}
