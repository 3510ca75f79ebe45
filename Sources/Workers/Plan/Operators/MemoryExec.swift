import Columns

/// A source of batches already in memory, one list per partition (e.g. what an earlier
/// stage produced, or a small dimension built by the rules).
public final class MemoryExec: ExecutionPlan {
    public let name = "MemoryExec"
    public let schema: Schema
    public let metrics = OperatorMetrics()
    public let children: [any ExecutionPlan] = []
    private let partitions: [[RecordBatch]]

    public init(schema: Schema, partitions: [[RecordBatch]]) {
        self.schema = schema
        self.partitions = partitions.isEmpty ? [[]] : partitions
    }

    public convenience init(_ batches: [RecordBatch], schema: Schema) {
        self.init(schema: schema, partitions: [batches])
    }

    public var partitionCount: Int { partitions.count }
    public var detail: String { "\(partitions.reduce(0) { $0 + $1.reduce(0) { $0 + $1.rowCount } }) rows" }

    public func execute(partition: Int, context: TaskContext) throws -> BatchStream {
        try checkedPartition(partition)
        for batch in partitions[partition] where batch.schema != schema {
            throw OperatorError.schemaMismatch(context: name, expected: schema, found: batch.schema)
        }
        var iterator = partitions[partition].makeIterator()
        return try metered(partition) { iterator.next() }
    }
}
