/// Whether an aggregation prefetches its probes of a table past the caches. Group
/// prefetching overlaps the misses of probes that land anywhere in the table (a 600,000-
/// group partial: a third less time) but is ~10 ns a row of pure overhead when the probed
/// groups are in cache anyway (rows in date order, each day's groups made moments before).
/// Which case a batch is cannot be told from the keys cheaply, so `adaptive` times both
/// ways on the first rows of each large batch and keeps the faster for the rest of it and
/// the small batches after it (the results are the same either way: only speed differs).
struct ProbePrefetching: Sendable {
    enum Policy: Sendable { case adaptive, always, never }

    let policy: Policy
    /// The last trial's answer (before any: prefetch).
    private(set) var lastChoice = true

    /// Rows probed one way in a trial; a trial is two rounds of each way, so it needs a
    /// batch of `8 × trialRows` (a quarter of it spent measuring).
    static let trialRows = 4096

    init(_ policy: Policy = .adaptive) { self.policy = policy }

    /// Whether a batch of `rows` starts with a trial (`record` then takes its result).
    func wantsTrial(rows: Int) -> Bool { policy == .adaptive && rows >= 8 * Self.trialRows }

    /// The way to probe without a trial.
    var choice: Bool {
        switch policy {
        case .adaptive: lastChoice
        case .always: true
        case .never: false
        }
    }

    mutating func record(prefetching: Duration, not: Duration) { lastChoice = prefetching < not }
}
