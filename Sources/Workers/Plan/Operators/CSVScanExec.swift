import Columns
import Partition
import Synchronization

/// Reads CSV files (plain, gzip, zstd) as the parallel scan does — files cut into
/// segments, loads and parses on every core — and hands each parsed chunk to `chunk`,
/// which turns it into the batch the plan carries (e.g. the typed columns plus lineage;
/// rejected records can be routed elsewhere there). The chunks flow through one bounded
/// queue that all `partitionCount` output partitions drain, so the scan runs exactly as
/// fast as the operators above consume. Chunk order across partitions is not kept.
public final class CSVScanExec: ExecutionPlan {
    public typealias ChunkMap = @Sendable (ScanChunk) throws -> RecordBatch

    public let name = "CSVScanExec"
    public let files: [InputFile]
    public let columns: [RequestedColumn]
    public let schema: Schema
    public let partitionCount: Int
    public let metrics = OperatorMetrics()
    public let children: [any ExecutionPlan] = []
    /// Bytes, rows and rejects of the scan, as the progress line shows them.
    public let scanMetrics: StageMetrics?
    private let options: ScanOptions
    private let chunk: ChunkMap
    private let state = Mutex(State())

    private struct State {
        var channel: BoundedChannel<RecordBatch>?
        var producer: Task<Void, Never>?
        var layouts: [CSVLayout] = []
    }

    public init(files: [InputFile], columns: [RequestedColumn], schema: Schema, options: ScanOptions,
                scanMetrics: StageMetrics? = nil, chunk: @escaping ChunkMap) {
        self.files = files
        self.columns = columns
        self.schema = schema
        self.options = options
        self.scanMetrics = scanMetrics
        self.chunk = chunk
        partitionCount = options.workers
    }

    public var detail: String {
        "\(files.count) files, \(files.reduce(Int64(0)) { $0 + $1.size }) bytes, "
            + "columns [\(columns.map(\.name).joined(separator: ", "))]"
    }

    /// Header layout of every file (extra columns and so on), once the scan has finished.
    public var layouts: [CSVLayout] { state.withLock { $0.layouts } }

    public func execute(partition: Int, context: TaskContext) throws -> BatchStream {
        try checkedPartition(partition)
        let (channel, producer) = start()
        return try metered(partition) {
            try await withTaskCancellationHandler {
                try await channel.receive()
            } onCancel: { producer.cancel() }
        }
    }

    /// Starts the scan once; every partition drains the same queue.
    private func start() -> (BoundedChannel<RecordBatch>, Task<Void, Never>) {
        state.withLock { state in
            if let channel = state.channel, let producer = state.producer { return (channel, producer) }
            let channel = BoundedChannel<RecordBatch>(capacity: 2 * options.workers)
            let sent = SentFlag()
            let files = files, columns = columns, options = options, scanMetrics = scanMetrics, chunk = chunk
            let producer = WorkerThreads.task { [self] in
                do {
                    let result = try await CSVScan.run(files: files, columns: columns, options: options,
                                                       metrics: scanMetrics, canRestart: { !sent.isSet }) {
                        // The chunk map may write (bronze rows, rejects): once one ran, a
                        // restart would do it twice, so the scan fails instead.
                        sent.set()
                        let batch = try chunk($0)
                        try await channel.send(batch)
                    }
                    self.state.withLock { $0.layouts = result.layouts }
                    channel.close()
                } catch {
                    channel.fail(error)
                }
            }
            state.channel = channel
            state.producer = producer
            return (channel, producer)
        }
    }
}

/// Whether any chunk left the scan (after which it cannot restart).
private final class SentFlag: Sendable {
    private let value = Mutex(false)
    var isSet: Bool { value.withLock { $0 } }
    func set() { value.withLock { $0 = true } }
}
