import Columns

/// Skips the first `skip` rows and passes at most `fetch` rows after them, over one
/// partition (put a `CoalescePartitionsExec` under it for a global limit); stops pulling
/// its input once the limit is reached.
public final class LimitExec: ExecutionPlan {
    public let name = "LimitExec"
    public let input: any ExecutionPlan
    public let skip: Int
    public let fetch: Int?
    public let metrics = OperatorMetrics()

    public init(_ input: any ExecutionPlan, skip: Int = 0, fetch: Int?) {
        self.input = input
        self.skip = max(0, skip)
        self.fetch = fetch.map { max(0, $0) }
    }

    public var schema: Schema { input.schema }
    public var partitionCount: Int { input.partitionCount }
    public var children: [any ExecutionPlan] { [input] }
    public var detail: String { "skip \(skip)" + (fetch.map { ", fetch \($0)" } ?? "") }

    public func execute(partition: Int, context: TaskContext) throws -> BatchStream {
        let source = try input.execute(partition: partition, context: context)
        var toSkip = skip, remaining = fetch ?? Int.max
        return try metered(partition) {
            while remaining > 0, let batch = try await source.next() {
                let start = min(toSkip, batch.rowCount)
                toSkip -= start
                // No `start + remaining`: without a fetch, remaining is Int.max.
                let end = start + min(batch.rowCount - start, remaining)
                guard end > start else { continue }
                remaining -= end - start
                return start == 0 && end == batch.rowCount ? batch : try batch.gather(start ..< end)
            }
            return nil
        }
    }
}
