import Columns
import Synchronization

/// Equi-join of a probe input with a build input on key columns; output rows are the probe
/// columns followed by `buildColumns` (see `HashJoinProbe`).
/// - `broadcast`: the whole build side is collected once into one hash table that every
///   probe partition shares (the build side is small, e.g. a dimension).
/// - `partitioned`: both sides are hash-repartitioned on their keys into the same number
///   of partitions (callers put a `RepartitionExec` under each), and partition i joins
///   build partition i with probe partition i (both sides large).
public final class HashJoinExec: ExecutionPlan {
    public enum Mode: String, Sendable { case broadcast, partitioned }

    public let name = "HashJoinExec"
    public let mode: Mode
    public let type: JoinType
    public let build: any ExecutionPlan
    public let probe: any ExecutionPlan
    public let buildKeys: [String]
    public let probeKeys: [String]
    public let buildColumns: [String]?
    public let schema: Schema
    public let metrics = OperatorMetrics()
    private let broadcastSide = Mutex<SharedResult<HashJoinProbe>?>(nil)

    public init(_ mode: Mode, _ type: JoinType, build: any ExecutionPlan, probe: any ExecutionPlan,
                on keys: [(build: String, probe: String)], buildColumns: [String]? = nil) throws {
        if mode == .partitioned, build.partitionCount != probe.partitionCount {
            throw OperatorError.invalidArgument("partitioned join: build has \(build.partitionCount) partitions, "
                + "probe has \(probe.partitionCount)")
        }
        self.mode = mode
        self.type = type
        self.build = build
        self.probe = probe
        buildKeys = keys.map(\.build)
        probeKeys = keys.map(\.probe)
        self.buildColumns = buildColumns
        // The output schema, from an empty build side.
        schema = try Self.prober(buildSchema: build.schema, batches: [], buildKeys: buildKeys, probeSchema: probe.schema,
                                 probeKeys: probeKeys, type: type, buildColumns: buildColumns).outputSchema
    }

    public var partitionCount: Int { probe.partitionCount }
    /// Probe rows stay in their partitions (both modes).
    public var outputPartitioning: OutputPartitioning { probe.outputPartitioning.renamed([:], keeping: schema) }
    public var children: [any ExecutionPlan] { [build, probe] }
    public var detail: String {
        "\(type == .inner ? "inner" : "left outer"), \(mode.rawValue), on "
            + zip(probeKeys, buildKeys).map { "\($0) = \($1)" }.joined(separator: " and ")
    }

    static let pieceRows = 1 << 16

    public func execute(partition: Int, context: TaskContext) throws -> BatchStream {
        try checkedPartition(partition)
        let source = try probe.execute(partition: partition, context: context)
        let buildSide = try buildSide(partition: partition, context: context)
        var prober: HashJoinProbe?
        var pieces: JoinPieces?
        // A partition's own hash table is charged to the budget while it probes.
        var reserved = 0
        let charged = mode == .partitioned, budget = context.budget
        return try metered(partition) {
            if prober == nil {
                let built = try await buildSide()
                prober = built
                if charged { reserved = built.build.estimatedBytes; budget.forceReserve(reserved) }
            }
            while true {
                if let piece = try pieces?.next() { return piece }
                pieces = nil
                guard let batch = try await source.next(), let prober else {
                    budget.release(reserved)
                    reserved = 0
                    return nil
                }
                // Pieces of at most a batch's rows or 64 Ki: a many-to-many join's output
                // leaves (and can be cancelled) piece by piece.
                pieces = try prober.pieces(batch, maxRows: max(batch.rowCount, Self.pieceRows))
            }
        }
    }

    /// How partition `partition` gets its hash table: the shared broadcast one, or one
    /// built from the matching build partition.
    private func buildSide(partition: Int, context: TaskContext) throws -> () async throws -> HashJoinProbe {
        let build = build, buildKeys = buildKeys, probeKeys = probeKeys, type = type, buildColumns = buildColumns
        let probeSchema = probe.schema
        let make: @Sendable ([RecordBatch]) throws -> HashJoinProbe = { batches in
            try Self.prober(buildSchema: build.schema, batches: batches, buildKeys: buildKeys, probeSchema: probeSchema,
                            probeKeys: probeKeys, type: type, buildColumns: buildColumns)
        }
        switch mode {
        case .broadcast:
            let shared = broadcastSide.withLock { shared in
                if let shared { return shared }
                let created = SharedResult { try make(try await PlanExecution.collect(build, context: context)) }
                shared = created
                return created
            }
            return { try await shared.value }
        case .partitioned:
            let stream = try build.execute(partition: partition, context: context)
            return { try make(try await stream.collect()) }
        }
    }

    private static func prober(buildSchema: Schema, batches: [RecordBatch], buildKeys: [String], probeSchema: Schema,
                               probeKeys: [String], type: JoinType, buildColumns: [String]?) throws -> HashJoinProbe {
        let side = try JoinBuildSide(schema: buildSchema, batches: batches, keys: buildKeys)
        return try HashJoinProbe(build: side, probeSchema: probeSchema, probeKeys: probeKeys, type: type,
                                 buildColumns: buildColumns)
    }
}
