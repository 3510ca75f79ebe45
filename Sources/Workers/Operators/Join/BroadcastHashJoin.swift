import Columns

/// Hash join with the small side hashed once and shared with every task that
/// probes (no shuffle of the large side).
public struct BroadcastHashJoin: Sendable {
    public let prober: HashJoinProbe

    public init(buildSchema: Schema, buildBatches: [RecordBatch], buildKeys: [String],
                probeSchema: Schema, probeKeys: [String], type: JoinType, buildColumns: [String]? = nil) throws {
        let build = try JoinBuildSide(schema: buildSchema, batches: buildBatches, keys: buildKeys)
        prober = try HashJoinProbe(build: build, probeSchema: probeSchema, probeKeys: probeKeys,
                                   type: type, buildColumns: buildColumns)
    }

    public var outputSchema: Schema { prober.outputSchema }

    public func probe(_ batch: RecordBatch) throws -> JoinOutput {
        try prober.probe(batch)
    }

    /// Probes all batches in parallel; outputs are in input order.
    public func probeAll(_ batches: [RecordBatch], maxConcurrency: Int = 4) async throws -> [JoinOutput] {
        let prober = self.prober
        return try await withThrowingTaskGroup(of: (Int, JoinOutput).self) { group in
            var outputs = [JoinOutput?](repeating: nil, count: batches.count)
            var next = 0
            func submit() {
                guard next < batches.count else { return }
                let index = next, batch = batches[index]
                next += 1
                group.addTask { (index, try prober.probe(batch)) }
            }
            for _ in 0 ..< max(1, maxConcurrency) { submit() }
            while let (index, output) = try await group.next() {
                outputs[index] = output
                submit()
            }
            return outputs.compactMap { $0 }
        }
    }
}
