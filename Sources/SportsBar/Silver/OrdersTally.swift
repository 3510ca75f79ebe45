import Synchronization

/// What the orders plan counted while it ran, from every task at once: rows read and
/// dropped by reason (for the run report, whose flow checks §5's conservation), repaired
/// customers, the order dates the cleaned rows hold (the known keys are looked up for
/// those), and the silver rows and months that came out.
public final class OrdersTally: Sendable {
    public struct Counts: Sendable, Equatable {
        public var rowsRead = 0
        public var quarantine = ReasonCounts()
        public var customerRepaired = 0
        public var silverRows = 0
        public var dates = Set<Int32>()
        public var months = Set<Int32>()
    }

    private let state = Mutex(Counts())

    public init() {}

    public var counts: Counts { state.withLock { $0 } }

    func add(_ change: (inout Counts) -> Void) {
        state.withLock { change(&$0) }
    }
}
