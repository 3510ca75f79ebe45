import Columns
import Partition

/// Group-by over CSV files as a three-stage plan, Spark style:
/// 1. scan: every task parses its chunk and pre-aggregates it (map-side combine);
/// 2. shuffle: partial results are hash-partitioned by the group key under the
///    memory budget, spilling partitions to disk when it is exceeded;
/// 3. merge: one task per partition merges its partials (spilling too if needed).
/// The result batches come back in partition order.
public struct ParallelAggregate: Sendable {
    public var groupBy: [String]
    public var aggregates: [AggregateExpression]
    /// Input columns and how to parse them.
    public var columns: [RequestedColumn]
    public var partitions: Int

    public init(groupBy: [String], aggregates: [AggregateExpression], columns: [RequestedColumn], partitions: Int) {
        self.groupBy = groupBy
        self.aggregates = aggregates
        self.columns = columns
        self.partitions = max(1, partitions)
    }

    public func run(files: [InputFile], plan: StagePlan, options: ScanOptions, budget: MemoryBudget,
                    spillDirectory: SpillDirectory) async throws -> [RecordBatch] {
        let groupBy = groupBy, aggregates = aggregates
        // Stage 1: scan + partial aggregation, fused in the parse tasks.
        let partials = try await plan.stage("scan+partial-aggregate") { metrics in
            try await CSVScan.run(files: files, columns: columns, options: options, metrics: metrics) { chunk in
                let batch = chunk.parsed.batch.project(indices: Array(0 ..< chunk.parsed.batch.schema.count - 1))
                let partial = try HashAggregator(inputSchema: batch.schema, groupBy: groupBy, aggregates: aggregates)
                try partial.add(batch)
                return try partial.finish()
            }.results.flatMap { $0 }
        }
        let inputSchema = Schema(columns.map { Field($0.name, $0.type) })
        let template = try HashAggregator(inputSchema: inputSchema, groupBy: groupBy, aggregates: aggregates)

        // Stage 2: shuffle the partials by group key.
        let shuffled = try await plan.stage("shuffle") { metrics in
            let writer = try ShuffleWriter(schema: template.outputSchema, keys: groupBy, partitions: partitions,
                                           budget: budget, spillDirectory: spillDirectory, label: "aggregate")
            for batch in partials {
                try writer.write(batch)
                metrics.add(rowsIn: batch.rowCount, rowsOut: batch.rowCount)
            }
            let output = writer.finish()
            metrics.add(spillBytes: spillDirectory.metrics.spilledBytes)
            return output
        }

        // Stage 3: merge each partition in parallel.
        let spilledBefore = spillDirectory.metrics.spilledBytes
        let merged = try await plan.parallelStage("merge", Array(0 ..< partitions)) { partition, metrics in
            // Aggregators are single-owner: each task makes its own.
            let partial = try HashAggregator(inputSchema: inputSchema, groupBy: groupBy, aggregates: aggregates)
            let merger = try HashAggregator.merging(partial, budget: budget, spillDirectory: spillDirectory)
            let reader = try shuffled.takePartition(partition)
            while let batch = try reader.next() {
                try merger.add(batch)
                metrics.add(rowsIn: batch.rowCount)
            }
            let out = try merger.finish()
            metrics.add(rowsOut: out.reduce(0) { $0 + $1.rowCount })
            return out
        }
        plan.addSpill(spillDirectory.metrics.spilledBytes - spilledBefore, toStage: "merge")
        return merged.flatMap { $0 }
    }
}
