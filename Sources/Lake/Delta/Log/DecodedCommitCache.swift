import Synchronization

/// Commit files already decoded in this process, keyed by path and checked against the
/// file's bytes. A run opens every table's snapshot several times (preparation, status,
/// each scan and writer), and decoding a commit's JSON costs far more than reading it:
/// the bytes are read every time, compared with the cached copy, and decoded only when
/// they differ — so a rewritten file (a repair) is never served stale.
///
/// Bounded by the bytes it holds; past the bound it starts again empty (commit files are
/// small and a run touches a few dozen, so the bound is a guard, not a policy).
final class DecodedCommitCache: Sendable {
    static let shared = DecodedCommitCache(limitBytes: 64 << 20)

    private struct Entry {
        var bytes: [UInt8]
        var actions: [DeltaAction]
    }

    private struct State {
        var entries: [String: Entry] = [:]
        var heldBytes = 0
    }

    private let limitBytes: Int
    private let state = Mutex(State())

    init(limitBytes: Int) { self.limitBytes = limitBytes }

    /// The actions of the commit at `path` whose content is `bytes`: cached when the same
    /// bytes were decoded before, else `decode(bytes)` (kept when it succeeds).
    func actions<E: Error>(path: String, bytes: [UInt8],
                           decode: ([UInt8]) throws(E) -> [DeltaAction]) throws(E) -> [DeltaAction] {
        if let hit = state.withLock({ $0.entries[path] }), hit.bytes == bytes { return hit.actions }
        let actions = try decode(bytes)
        state.withLock { state in
            if let old = state.entries[path] { state.heldBytes -= old.bytes.count }
            if state.heldBytes + bytes.count > limitBytes {
                state.entries.removeAll()
                state.heldBytes = 0
            }
            guard bytes.count <= limitBytes else { return }
            state.entries[path] = Entry(bytes: bytes, actions: actions)
            state.heldBytes += bytes.count
        }
        return actions
    }
}
