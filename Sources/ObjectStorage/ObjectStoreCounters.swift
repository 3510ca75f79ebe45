import Foundation

/// Bytes and requests through a store, for the progress line and the run report.
/// Thread-safe; one instance is shared by a store and every reader and writer it makes.
public final class ObjectStoreCounters: @unchecked Sendable {
    /// A point-in-time copy.
    public struct Snapshot: Sendable, Equatable, Codable {
        public var bytesRead: Int64 = 0
        public var bytesWritten: Int64 = 0
        public var requests: Int64 = 0
        /// Requests repeated after a transient failure (remote stores).
        public var retries: Int64 = 0

        public init() {}

        /// What happened between `earlier` and this snapshot.
        public func since(_ earlier: Snapshot) -> Snapshot {
            var d = Snapshot()
            d.bytesRead = bytesRead - earlier.bytesRead
            d.bytesWritten = bytesWritten - earlier.bytesWritten
            d.requests = requests - earlier.requests
            d.retries = retries - earlier.retries
            return d
        }
    }

    private let lock = NSLock()
    private var values = Snapshot()

    public init() {}

    public var snapshot: Snapshot { lock.withLock { values } }

    public func countRead(_ bytes: Int, requests: Int = 1) {
        lock.withLock {
            values.bytesRead &+= Int64(bytes)
            values.requests &+= Int64(requests)
        }
    }

    public func countWrite(_ bytes: Int, requests: Int = 1) {
        lock.withLock {
            values.bytesWritten &+= Int64(bytes)
            values.requests &+= Int64(requests)
        }
    }

    public func countRequest(retries: Int = 0) {
        lock.withLock {
            values.requests &+= 1
            values.retries &+= Int64(retries)
        }
    }

    public func countRetry() {
        lock.withLock { values.retries &+= 1 }
    }
}
