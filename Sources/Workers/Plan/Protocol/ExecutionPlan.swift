import Columns

/// One node of a physical plan, in the manner of DataFusion's `ExecutionPlan`: it declares
/// its output schema and how many partitions it yields, and `execute(partition:)` opens an
/// independent stream of column batches for one of them. Plans are trees: a node pulls
/// from its children's streams. Nodes are immutable descriptions plus their metrics, so
/// one plan can be explained before and after it ran.
public protocol ExecutionPlan: AnyObject, Sendable {
    /// The operator's name in plan text (`HashAggregateExec`, `RepartitionExec`, …).
    var name: String { get }
    /// What this instance does, for plan text (`group by [date] sum(qty)`).
    var detail: String { get }
    var schema: Schema { get }
    var partitionCount: Int { get }
    /// Which rows are in which partition, when the plan knows (`unknown` by default).
    var outputPartitioning: OutputPartitioning { get }
    var children: [any ExecutionPlan] { get }
    /// Rows, batches, time and spill of this node, filled in while it runs.
    var metrics: OperatorMetrics { get }
    /// Opens the stream of `partition` (0 ..< partitionCount). Every partition is opened
    /// at most once per run; streams are consumed by one task each.
    func execute(partition: Int, context: TaskContext) throws -> BatchStream
}

extension ExecutionPlan {
    public var outputPartitioning: OutputPartitioning { .unknown }

    /// The stream of `partition`, checked against `partitionCount` and metered.
    func checkedPartition(_ partition: Int) throws(OperatorError) {
        guard (0 ..< partitionCount).contains(partition) else {
            throw OperatorError.invalidArgument("\(name): partition \(partition) out of 0..<\(partitionCount)")
        }
    }

    /// Wraps `next` as this node's stream of `partition`, counting rows, batches and time.
    func metered(_ partition: Int, _ next: @escaping () async throws -> RecordBatch?) throws -> BatchStream {
        try checkedPartition(partition)
        return BatchStream(schema: schema, metrics: metrics, next)
    }
}
