import Synchronization

/// What one client moved, for the run report: object bytes read and written, requests sent,
/// retries. `onEvent` passes each count on as it happens (the object store feeds its own
/// counters from it).
public final class S3Counters: Sendable {
    public enum Event: Sendable, Equatable {
        case request
        case retry
        case read(bytes: Int)
        case written(bytes: Int)
    }

    private let read = Atomic<Int>(0)
    private let written = Atomic<Int>(0)
    private let sent = Atomic<Int>(0)
    private let retried = Atomic<Int>(0)
    private let onEvent: (@Sendable (Event) -> Void)?

    public init(onEvent: (@Sendable (Event) -> Void)? = nil) {
        self.onEvent = onEvent
    }

    /// Object bytes received in GET bodies.
    public var bytesRead: Int { read.load(ordering: .relaxed) }
    /// Object bytes S3 accepted in PUT and UploadPart bodies.
    public var bytesWritten: Int { written.load(ordering: .relaxed) }
    /// Requests sent, retries included.
    public var requests: Int { sent.load(ordering: .relaxed) }
    /// Requests sent again after a retryable failure.
    public var retries: Int { retried.load(ordering: .relaxed) }

    func record(_ event: Event) {
        switch event {
        case .request: sent.add(1, ordering: .relaxed)
        case .retry: retried.add(1, ordering: .relaxed)
        case .read(let bytes): read.add(bytes, ordering: .relaxed)
        case .written(let bytes): written.add(bytes, ordering: .relaxed)
        }
        onEvent?(event)
    }
}
