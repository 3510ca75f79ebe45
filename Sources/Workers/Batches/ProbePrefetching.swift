import CPrefetch

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

    /// Whether a batch of `rows` starts with a trial.
    func wantsTrial(rows: Int) -> Bool { policy == .adaptive && rows >= 8 * Self.trialRows }

    /// The way to probe without a trial.
    var choice: Bool {
        switch policy {
        case .adaptive: lastChoice
        case .always: true
        case .never: false
        }
    }

    /// Probes the rows `0 ..< count` through `run(rows, prefetching)`, in order: with a trial
    /// of both ways first when the batch is large enough, the table past the caches and the
    /// policy adaptive; then the rest the chosen way.
    mutating func probe(rows count: Int, missesCache: Bool, _ run: (Range<Int>, Bool) throws -> Void) rethrows {
        var next = 0
        if missesCache, wantsTrial(rows: count) {
            let clock = ContinuousClock(), trial = Self.trialRows
            var with = Duration.zero, without = Duration.zero
            for _ in 0 ..< 2 {
                for prefetching in [true, false] {
                    let start = clock.now
                    try run(next ..< next + trial, prefetching)
                    if prefetching { with += clock.now - start } else { without += clock.now - start }
                    next += trial
                }
            }
            lastChoice = with < without
        }
        try run(next ..< count, missesCache && choice)
    }

    /// Rows probed after one round of prefetching.
    static let block = 16

    /// Group prefetching for a block of probes of a `HashedEntries` past the caches, whose
    /// entries' keys are row `rowOf[entry]` of the retained batch `partOf[entry]`, seen through
    /// `views` (`width` per batch). Each pass prefetches the next thing a probe reads — home
    /// slot; the entry's part and row; the stored key's offsets or value; a text key's bytes —
    /// reading only what the pass before asked for, so the block's misses overlap instead of
    /// coming one after another per row (four in a row for a text key).
    static func prefetch<Part: FixedWidthInteger, Row: FixedWidthInteger>(
        _ rows: Range<Int>, _ hashes: ContiguousArray<UInt64>, _ table: HashedEntries,
        _ partOf: ContiguousArray<Part>, _ rowOf: ContiguousArray<Row>, _ views: UnsafeBufferPointer<KeyView>, _ width: Int
    ) {
        for row in rows { table.prefetchHome(hashes[row]) }
        // Per row of the block, its home entry (or -1), then that entry's first key view and row.
        var found = (0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)
        var keyRows = found
        withUnsafeMutableBytes(of: &found) { foundBytes in
            withUnsafeMutableBytes(of: &keyRows) { keyRowBytes in
                let found = foundBytes.bindMemory(to: Int.self), keyRows = keyRowBytes.bindMemory(to: Int.self)
                partOf.withUnsafeBufferPointer { parts in
                    rowOf.withUnsafeBufferPointer { rowsOfEntries in
                        guard let partBase = parts.baseAddress, let rowBase = rowsOfEntries.baseAddress,
                              rows.count <= found.count else { return }
                        for (i, row) in rows.enumerated() {
                            found[i] = -1
                            guard let entry = table.homeEntry(hashes[row]), entry < parts.count, entry < rowsOfEntries.count else { continue }
                            found[i] = entry
                            medallion_prefetch(partBase + entry)
                            medallion_prefetch(rowBase + entry)
                        }
                        for i in 0 ..< rows.count where found[i] >= 0 {
                            let entry = found[i]
                            let first = Int(parts[entry]) * width, row = Int(rowsOfEntries[entry])
                            guard first >= 0, first + width <= views.count else { found[i] = -1; continue }
                            found[i] = first
                            keyRows[i] = row
                            for k in 0 ..< width { views[first + k].prefetchLocation(row) }
                        }
                        for i in 0 ..< rows.count where found[i] >= 0 {
                            for k in 0 ..< width { views[found[i] + k].prefetchBytes(keyRows[i]) }
                        }
                    }
                }
            }
        }
    }
}
