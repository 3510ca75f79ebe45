import SportsBar
import Workers

/// How to run the pipeline.
public struct RunOptions: Sendable {
    public var source: String
    public var lake: String
    public var workers: Int
    /// Bytes the growing operators (dedup, aggregation) may hold before spilling.
    public var memoryLimit: Int?
    /// Rebuild every table from all source files, ignoring what was ingested.
    public var fullRefresh: Bool
    public var rules: SportsBarRules
    public var fault: FaultInjector?
    /// Receives one line per finished stage (the CLI prints them to stderr).
    public var progress: (@Sendable (String) -> Void)?
    /// Receives what the run ignored or could not follow (extra source columns, broken
    /// links); the CLI prints them to stderr even when stage lines are off.
    public var warning: (@Sendable (String) -> Void)?

    public init(source: String, lake: String, workers: Int = WorkerCount.active, memoryLimit: Int? = nil,
                fullRefresh: Bool = false, rules: SportsBarRules = .standard, fault: FaultInjector? = nil,
                progress: (@Sendable (String) -> Void)? = nil, warning: (@Sendable (String) -> Void)? = nil) {
        self.source = source
        self.lake = lake
        self.workers = max(1, workers)
        self.memoryLimit = memoryLimit
        self.fullRefresh = fullRefresh
        self.rules = rules
        self.fault = fault
        self.progress = progress
        self.warning = warning
    }
}
