import Synchronization

/// A stop request shared between a signal handler and the watcher: its sleeps end
/// early, and the actions registered with `onStop` (cancelling the running batch) run.
public final class StopSignal: Sendable {
    private let state = Mutex<(stopped: Bool, onStop: [@Sendable () -> Void])>((false, []))

    public init() {}

    public var isStopped: Bool { state.withLock { $0.stopped } }

    public func stop() {
        let actions = state.withLock { state -> [@Sendable () -> Void] in
            guard !state.stopped else { return [] }
            state.stopped = true
            defer { state.onStop = [] }
            return state.onStop
        }
        for action in actions { action() }
    }

    /// Runs `action` on stop (at once if stopped already); `clearActions` forgets it.
    func onStop(_ action: @escaping @Sendable () -> Void) {
        let now = state.withLock { state -> Bool in
            if state.stopped { return true }
            state.onStop.append(action)
            return false
        }
        if now { action() }
    }

    func clearActions() { state.withLock { $0.onStop = [] } }

    /// Sleeps for `duration`, or less when stopped meanwhile (checked every 50 ms: a
    /// watcher's waits are seconds, so this costs nothing and needs no wake-up plumbing).
    func sleep(_ duration: Duration) async {
        let clock = ContinuousClock()
        let end = clock.now + duration
        while !isStopped, clock.now < end {
            try? await Task.sleep(for: min(.milliseconds(50), end - clock.now))
        }
    }
}
