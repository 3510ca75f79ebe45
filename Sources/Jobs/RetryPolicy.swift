/// How a failed run is retried: `retries` more attempts, the k-th after
/// `delay × 2^(k-1)` (capped at `maxDelay`) with ±20 % jitter so that several watchers on
/// one lake do not retry in step.
public struct RetryPolicy: Sendable, Equatable {
    public var retries: Int
    public var delay: Duration
    public var maxDelay: Duration

    public init(retries: Int, delay: Duration, maxDelay: Duration = .seconds(600)) {
        self.retries = max(0, retries)
        self.delay = delay
        self.maxDelay = maxDelay
    }

    /// The wait before retry `attempt` (1 = the first retry); `unit` in 0..<1 picks the jitter.
    public func wait(beforeRetry attempt: Int, unit: Double) -> Duration {
        let base = min(delay * (1 << min(max(attempt - 1, 0), 20)), maxDelay)
        let milliseconds = Double(base.components.seconds) * 1000 + Double(base.components.attoseconds) / 1e15
        return .milliseconds(Int64((milliseconds * (0.8 + 0.4 * min(max(unit, 0), 1))).rounded()))
    }
}
