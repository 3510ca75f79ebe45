import Columns

/// Grace hash join: both sides are hash-shuffled on the join keys into the same number
/// of partitions (spilling partitions to disk when over budget); then each partition is
/// joined on its own, its build part hashed in memory. Equal keys always share a partition.
///
/// Add all build and probe batches, then `finish()`; the returned `PartitionedJoin`
/// can join its partitions from parallel tasks.
public final class PartitionedHashJoin {
    private let buildWriter: ShuffleWriter
    private let probeWriter: ShuffleWriter
    private let plan: PartitionedJoin.Plan

    public init(buildSchema: Schema, buildKeys: [String], probeSchema: Schema, probeKeys: [String],
                type: JoinType, buildColumns: [String]? = nil, partitions: Int = 16,
                budget: MemoryBudget = .unlimited(), spillDirectory: SpillDirectory? = nil) throws {
        // Check keys and output columns now rather than after shuffling everything.
        let emptyBuild = try JoinBuildSide(schema: buildSchema, batches: [], keys: buildKeys)
        let checked = try HashJoinProbe(build: emptyBuild, probeSchema: probeSchema, probeKeys: probeKeys,
                                        type: type, buildColumns: buildColumns)
        buildWriter = try ShuffleWriter(schema: buildSchema, keys: buildKeys, partitions: partitions,
                                        budget: budget, spillDirectory: spillDirectory, label: "join-build",
                                        seed: HashPartitioner.spillSeed)
        probeWriter = try ShuffleWriter(schema: probeSchema, keys: probeKeys, partitions: partitions,
                                        budget: budget, spillDirectory: spillDirectory, label: "join-probe",
                                        seed: HashPartitioner.spillSeed)
        plan = PartitionedJoin.Plan(buildSchema: buildSchema, buildKeys: buildKeys, probeSchema: probeSchema,
                                    probeKeys: probeKeys, type: type, buildColumns: buildColumns,
                                    outputSchema: checked.outputSchema, budget: budget)
    }

    public var outputSchema: Schema { plan.outputSchema }

    public func addBuild(_ batch: RecordBatch) throws { try buildWriter.write(batch) }
    public func addProbe(_ batch: RecordBatch) throws { try probeWriter.write(batch) }

    public var spilledBytes: Int { buildWriter.spilledBytes + probeWriter.spilledBytes }

    public func finish() -> PartitionedJoin {
        PartitionedJoin(plan: plan, build: buildWriter.finish(), probe: probeWriter.finish())
    }
}

/// The shuffled sides of a grace hash join, joined partition by partition.
public final class PartitionedJoin: Sendable {
    struct Plan: Sendable {
        let buildSchema: Schema, buildKeys: [String], probeSchema: Schema, probeKeys: [String]
        let type: JoinType, buildColumns: [String]?, outputSchema: Schema, budget: MemoryBudget
    }

    private let plan: Plan
    private let build: ShuffleOutput
    private let probe: ShuffleOutput

    init(plan: Plan, build: ShuffleOutput, probe: ShuffleOutput) {
        self.plan = plan
        self.build = build
        self.probe = probe
    }

    public var partitionCount: Int { build.partitionCount }
    public var outputSchema: Schema { plan.outputSchema }

    /// Joins partition `partition`, passing each probe batch's output to `consume`.
    public func joinPartition(_ partition: Int, _ consume: (JoinOutput) throws -> Void) throws {
        let buildBatches = try build.takePartition(partition).readAll()
        let side = try JoinBuildSide(schema: plan.buildSchema, batches: buildBatches, keys: plan.buildKeys)
        // The build part must be in memory whole; charge it even past the limit.
        let reservation = MemoryReservation(budget: plan.budget)
        reservation.forceGrow(side.estimatedBytes)
        defer { reservation.releaseAll() }
        let prober = try HashJoinProbe(build: side, probeSchema: plan.probeSchema, probeKeys: plan.probeKeys,
                                       type: plan.type, buildColumns: plan.buildColumns)
        let reader = try probe.takePartition(partition)
        while let batch = try reader.next() {
            try consume(try prober.probe(batch))
        }
    }

    /// Joins every partition in turn and returns all outputs.
    public func joinAll() throws -> [JoinOutput] {
        var outputs: [JoinOutput] = []
        for partition in 0 ..< partitionCount {
            try joinPartition(partition) { outputs.append($0) }
        }
        return outputs
    }
}
