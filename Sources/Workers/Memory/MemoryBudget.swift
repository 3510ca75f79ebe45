import Synchronization

/// A byte budget shared by the operators of a run (thread-safe).
///
/// Operators reserve an estimate of what they hold before holding it; when
/// `tryReserve` refuses, they spill and release. `forceReserve` exists for the
/// rare state that must be held regardless (e.g. one partition being processed),
/// so that `used` stays truthful even when over the limit.
public final class MemoryBudget: Sendable {
    public let limit: Int
    private let state = Mutex(Usage())

    private struct Usage {
        var used = 0
        var peak = 0
    }

    public init(limit: Int) {
        self.limit = max(0, limit)
    }

    /// A budget from a size string such as "512MB" (see `ByteSize`).
    public convenience init(parsing size: String) throws(ByteSizeError) {
        self.init(limit: try ByteSize.parse(size))
    }

    /// A budget that never refuses (for tests and small tools).
    public static func unlimited() -> MemoryBudget { MemoryBudget(limit: Int.max) }

    /// Reserves `bytes` if they fit under the limit; returns false (reserving nothing) otherwise.
    public func tryReserve(_ bytes: Int) -> Bool {
        guard bytes > 0 else { return true }
        return state.withLock { usage in
            guard usage.used <= limit - bytes else { return false }
            usage.used += bytes
            usage.peak = max(usage.peak, usage.used)
            return true
        }
    }

    /// Reserves `bytes` even past the limit.
    public func forceReserve(_ bytes: Int) {
        guard bytes > 0 else { return }
        state.withLock { usage in
            usage.used += bytes
            usage.peak = max(usage.peak, usage.used)
        }
    }

    public func release(_ bytes: Int) {
        guard bytes > 0 else { return }
        state.withLock { usage in usage.used = max(0, usage.used - bytes) }
    }

    public var used: Int { state.withLock { $0.used } }
    public var peak: Int { state.withLock { $0.peak } }
    public var available: Int { max(0, limit - used) }
}
