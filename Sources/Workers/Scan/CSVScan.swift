import Columns
import Partition

/// Options of a CSV scan.
public struct ScanOptions: Sendable {
    public var workers: Int
    public var splits: SplitSizes
    /// Decompressed bytes loaded and not yet parsed, at most (loads wait past it):
    /// bounds the scan's memory. A load in flight may add one split's worth on top.
    public var maxBufferedBytes: Int

    public init(workers: Int = WorkerCount.active, splits: SplitSizes = SplitSizes(), maxBufferedBytes: Int? = nil) {
        self.workers = max(1, workers)
        self.splits = splits
        self.maxBufferedBytes = maxBufferedBytes ?? max(48 << 20, self.workers * (24 << 20))
    }
}

/// Parsed rows of one piece of one file, handed to the scan's transform.
public struct ScanChunk: Sendable {
    public let fileIndex: Int
    public let file: InputFile
    /// Position of this chunk within its file: chunks sort into byte (and line) order.
    public let sequence: Int
    public let parsed: ParsedBatch
}

/// What a scan returns: the transform's results in file, then byte order, and the
/// layout (header, extra columns) of every file.
public struct ScanResult<T: Sendable>: Sendable {
    public var results: [T]
    public var layouts: [CSVLayout]
}

/// Reads many CSV files at once into column batches.
///
/// Each file is cut into segments (byte ranges, compressed frame groups, or chunks of
/// one decompressing stream); tasks load segments and parse whole records on every
/// core, and `transform` runs on each parsed chunk inside the same task (fused, so
/// map-side work like filtering or partial aggregation needs no extra pass). The
/// first error cancels every other task.
public enum CSVScan {
    public static func run<T: Sendable>(
        files: [InputFile],
        columns: [RequestedColumn],
        options: ScanOptions = ScanOptions(),
        metrics: StageMetrics? = nil,
        canRestart: @escaping @Sendable () -> Bool = { true },
        transform: @escaping @Sendable (ScanChunk) async throws -> T
    ) async throws -> ScanResult<T> {
        var forceStream: Set<String> = []
        while true {
            do {
                var driver = try ScanDriver(files: files, columns: columns, options: options, forceStream: forceStream,
                                            metrics: metrics, transform: transform)
                return try await driver.run()
            } catch let InputError.splitMisaligned(path, offset) where !forceStream.contains(path) {
                // A guessed member boundary was wrong: read that file as one stream, from
                // the start — unless chunks already left the scan (a streaming consumer
                // would see them twice).
                guard canRestart() else { throw InputError.splitMisaligned(path: path, offset: offset) }
                forceStream.insert(path)
            }
        }
    }
}
