import Columns

/// The sink: writes every batch of its input to a table's data files through a
/// `ConcurrentTableWriter` (files in place, split by the table's partition columns,
/// published later by the run's commit), on the task of the partition that made it.
/// With `passThrough` the batches continue upward (one pass feeds a table and the
/// operators above, e.g. gold fact rows written and enriched); otherwise each
/// partition yields nothing and the writer's `finish` lists what was written.
public final class TableWriteExec: ExecutionPlan {
    public let name = "TableWriteExec"
    public let input: any ExecutionPlan
    public let writer: ConcurrentTableWriter
    public let table: String
    public let passThrough: Bool
    public let metrics = OperatorMetrics()

    public init(_ input: any ExecutionPlan, table: String, writer: ConcurrentTableWriter, passThrough: Bool = false) throws {
        guard input.schema.fields.map(\.type) == writer.schema.fields.map(\.type) else {
            throw OperatorError.schemaMismatch(context: "write \(table)", expected: writer.schema, found: input.schema)
        }
        self.input = input
        self.writer = writer
        self.table = table
        self.passThrough = passThrough
    }

    public var schema: Schema { input.schema }
    public var partitionCount: Int { input.partitionCount }
    public var outputPartitioning: OutputPartitioning { passThrough ? input.outputPartitioning : .unknown }
    public var children: [any ExecutionPlan] { [input] }
    public var detail: String { table + (passThrough ? ", pass-through" : "") }

    public func execute(partition: Int, context: TaskContext) throws -> BatchStream {
        let source = try input.execute(partition: partition, context: context)
        let writer = writer, passThrough = passThrough, target = writer.schema, metrics = metrics
        return try metered(partition) {
            while let batch = try await source.next() {
                try writer.write(batch.schema == target ? batch : RecordBatch(schema: target, columns: batch.columns))
                metrics.add(writtenRows: batch.rowCount)
                if passThrough { return batch }
            }
            return nil
        }
    }
}
