/// The part of a `MemoryBudget` held by one operator instance.
///
/// Keeps its own total so that the operator can give everything back at once
/// (`releaseAll`, also done on deinit so an operator abandoned by an error
/// does not leak budget).
public final class MemoryReservation {
    public let budget: MemoryBudget
    public private(set) var bytes = 0

    public init(budget: MemoryBudget) {
        self.budget = budget
    }

    deinit { budget.release(bytes) }

    /// Grows the reservation by `amount` if the budget allows it.
    public func tryGrow(_ amount: Int) -> Bool {
        guard budget.tryReserve(amount) else { return false }
        bytes += max(0, amount)
        return true
    }

    /// Grows the reservation past the limit if need be.
    public func forceGrow(_ amount: Int) {
        budget.forceReserve(amount)
        bytes += max(0, amount)
    }

    public func shrink(_ amount: Int) {
        let released = min(max(0, amount), bytes)
        budget.release(released)
        bytes -= released
    }

    public func releaseAll() {
        budget.release(bytes)
        bytes = 0
    }
}
