/// What every operator of a run shares: how many tasks may run at once, the one memory
/// budget every growing operator reserves from, and the one spill directory they spill to
/// when it refuses (DataFusion's `TaskContext` + memory pool + disk manager).
public struct TaskContext: Sendable {
    public var workers: Int
    public var budget: MemoryBudget
    /// Nil: operators never spill and force their reservations (small, bounded inputs).
    public var spill: SpillDirectory?
    /// Rows per batch operators aim for when they build batches themselves.
    public var batchRows: Int

    public init(workers: Int, budget: MemoryBudget = .unlimited(), spill: SpillDirectory? = nil, batchRows: Int = 65_536) {
        self.workers = max(1, workers)
        self.budget = budget
        self.spill = spill
        self.batchRows = max(1, batchRows)
    }
}
