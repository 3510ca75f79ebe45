import Columns

/// The batches of one partition of a plan node, pulled one at a time. A stream belongs to
/// the task that opened it; it is not shared. Cancellation of that task ends the stream
/// with `CancellationError` at the next batch boundary.
public final class BatchStream {
    public let schema: Schema
    private let pull: () async throws -> RecordBatch?
    private let metrics: OperatorMetrics?
    private var done = false

    public init(schema: Schema, metrics: OperatorMetrics? = nil, _ pull: @escaping () async throws -> RecordBatch?) {
        self.schema = schema
        self.metrics = metrics
        self.pull = pull
    }

    /// The next non-empty batch, or nil at the end.
    public func next() async throws -> RecordBatch? {
        guard !done else { return nil }
        try Task.checkCancellation()
        let started = ContinuousClock.now
        while let batch = try await pull() {
            if batch.rowCount == 0 { continue }
            metrics?.record(batch: batch, since: started)
            return batch
        }
        metrics?.record(since: started)
        done = true
        return nil
    }

    /// Every remaining batch.
    public func collect() async throws -> [RecordBatch] {
        var batches: [RecordBatch] = []
        while let batch = try await next() { batches.append(batch) }
        return batches
    }

    /// A stream over batches already in memory.
    public static func of(_ batches: [RecordBatch], schema: Schema, metrics: OperatorMetrics? = nil) -> BatchStream {
        var iterator = batches.makeIterator()
        return BatchStream(schema: schema, metrics: metrics) { iterator.next() }
    }
}
