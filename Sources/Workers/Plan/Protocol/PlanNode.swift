/// A plan tree as data, with what each node did once it ran: the form a run report keeps
/// (JSON) and plan text is rendered from.
public struct PlanNode: Sendable, Codable, Equatable {
    public var name: String
    public var detail: String
    public var partitions: Int
    public var metrics: OperatorMetrics.Snapshot
    public var children: [PlanNode]

    public init(_ plan: any ExecutionPlan) {
        name = plan.name
        detail = plan.detail
        partitions = plan.partitionCount
        metrics = plan.metrics.snapshot
        children = plan.children.map(PlanNode.init)
    }
}

/// The plan one stage of a run executed.
public struct StagePlanReport: Sendable, Codable, Equatable {
    public var stage: String
    public var plan: PlanNode

    public init(stage: String, plan: PlanNode) {
        self.stage = stage
        self.plan = plan
    }
}
