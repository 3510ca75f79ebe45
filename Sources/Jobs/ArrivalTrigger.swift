/// When to start a run, from successive snapshots of the source (a file-arrival trigger
/// like Databricks'): once something changed since the last run started, wait until the
/// source has stayed exactly the same for `debounce`, so a file still being written is
/// never read half-way. Pure: the watcher feeds it snapshots and times.
public struct ArrivalTrigger: Sendable {
    public enum Decision: Equatable, Sendable {
        /// Nothing new since the last run.
        case idle
        /// New or changed files, not quiet for `debounce` yet: look again after `wait` at most.
        case settling(files: [String], wait: Duration)
        /// Quiet for `debounce`: run now over this snapshot.
        case run(files: [String])
    }

    public let debounce: Duration
    /// The source as the last run (or the start) saw it.
    public private(set) var baseline: SourceSnapshot?
    private var pending: (snapshot: SourceSnapshot, since: ContinuousClock.Instant)?

    /// `baseline` nil: the first snapshot counts as new (a watcher's first run catches up).
    public init(debounce: Duration, baseline: SourceSnapshot? = nil) {
        self.debounce = debounce
        self.baseline = baseline
    }

    public mutating func observe(_ snapshot: SourceSnapshot, at now: ContinuousClock.Instant) -> Decision {
        let changed = snapshot.changed(since: baseline ?? SourceSnapshot())
        guard !changed.isEmpty || baseline == nil else {
            pending = nil
            return .idle
        }
        if let pending, pending.snapshot == snapshot {
            let quiet = now - pending.since
            return quiet >= debounce ? .run(files: changed) : .settling(files: changed, wait: debounce - quiet)
        }
        pending = (snapshot, now)
        return debounce <= .zero ? .run(files: changed) : .settling(files: changed, wait: debounce)
    }

    /// A run over `snapshot` started (whatever its outcome, files that change later are new again).
    public mutating func started(over snapshot: SourceSnapshot) {
        baseline = snapshot
        pending = nil
    }
}
