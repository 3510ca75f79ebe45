import Synchronization

/// Totals of what was spilled, shared by all files of a `SpillDirectory` (thread-safe).
public final class SpillMetrics: Sendable {
    public struct Snapshot: Sendable, Equatable {
        /// Compressed bytes written to disk.
        public var bytesWritten = 0
        /// Bytes of the batches before compression.
        public var rawBytes = 0
        public var batches = 0
        public var rows = 0
        public var files = 0
    }

    private let state = Mutex(Snapshot())

    public init() {}

    func recordBlock(compressed: Int, raw: Int, rows: Int) {
        state.withLock {
            $0.bytesWritten += compressed
            $0.rawBytes += raw
            $0.batches += 1
            $0.rows += rows
        }
    }

    func recordFile() { state.withLock { $0.files += 1 } }

    public var snapshot: Snapshot { state.withLock { $0 } }
    /// The spill-bytes metric: compressed bytes written so far.
    public var spilledBytes: Int { snapshot.bytesWritten }
}
