import Columns
import Partition

/// The scheduling loop behind `CSVScan`: one task group, at most `workers` tasks in
/// flight, loads preferred while the buffer has room (so a single decompressing
/// stream never waits), parses otherwise. Cutting segments into jobs is cheap and
/// happens here, in file order.
struct ScanDriver<T: Sendable> {
    enum Outcome: Sendable {
        case loaded(file: Int, segment: Int, [Segment]?)
        case parsed(file: Int, sequence: Int, value: T, rows: Int, rejects: Int, bytes: Int)
    }

    struct FileState {
        let source: SegmentSource
        var cutter: RecordCutter
        var nextLoad = 0
        var nextCut = 0
        var pending: [Int: [Segment]] = [:]
        var loading = 0
        var exhausted = false
        var finished = false
        var isStream: Bool { source.plan.segmentCount == nil }
    }

    let options: ScanOptions
    let metrics: StageMetrics?
    let transform: @Sendable (ScanChunk) async throws -> T
    var files: [FileState]
    /// FIFO of ready jobs; popped slots are cleared at once so the segment buffers
    /// they hold are freed (and reused) as soon as the job has run.
    var parseQueue: [(file: Int, job: ParseJob)?] = []
    var parseHead = 0
    var parsing = 0
    var results: [(file: Int, sequence: Int, value: T)] = []

    init(files inputs: [InputFile], columns: [RequestedColumn], options: ScanOptions, forceStream: Set<String>,
         metrics: StageMetrics?, transform: @escaping @Sendable (ScanChunk) async throws -> T) throws {
        self.options = options
        self.metrics = metrics
        self.transform = transform
        files = try inputs.map { file in
            // Many files keep every worker busy whole; fewer files than workers are cut finer.
            let share = (options.workers + inputs.count - 1) / max(1, inputs.count)
            let source = try SegmentSource(file: file, sizes: options.splits, parallelism: share,
                                           forceStream: forceStream.contains(file.path))
            return FileState(source: source, cutter: RecordCutter(path: file.path, requested: columns))
        }
        metrics?.expectBytes(inputs.reduce(0) { $0 + Int($1.size) })
        metrics?.addTasks(files.reduce(0) { $0 + ($1.source.plan.segmentCount ?? 1) })
        // A file with nothing to load (0 bytes) is finished at once: no load would ever
        // reach its cutter, which must still say that the file has no header.
        for f in files.indices where !files[f].isStream && files[f].source.plan.segmentCount == 0 {
            files[f].exhausted = true
            try cutReady(f)
        }
    }

    /// Bytes of segments loaded but not yet cut, plus bytes of jobs queued or running.
    var bufferedBytes = 0
    var loadsInFlight = 0

    /// Loads run while fewer than `workers` are in flight and the buffer has room,
    /// so decompression never waits on parsing it could overlap with.
    var canLoad: Bool { loadsInFlight < options.workers && bufferedBytes < options.maxBufferedBytes }

    mutating func run() async throws -> ScanResult<T> {
        try await withThrowingTaskGroup(of: Outcome.self) { group in
            var inFlight = 0
            while true {
                while inFlight < options.workers, let work = nextWork() {
                    switch work {
                    case let .load(f, s):
                        let source = files[f].source
                        loadsInFlight += 1
                        group.addTask { .loaded(file: f, segment: s, try source.load(s)) }
                    case let .parse(f, job):
                        let file = files[f].source.file
                        let transform = transform
                        group.addTask {
                            try Task.checkCancellation()
                            let parsed = job.run()
                            let chunk = ScanChunk(fileIndex: f, file: file, sequence: job.sequence, parsed: parsed)
                            return .parsed(file: f, sequence: job.sequence, value: try await transform(chunk),
                                           rows: parsed.batch.rowCount, rejects: parsed.rejects.count, bytes: job.bytes.count)
                        }
                    }
                    inFlight += 1
                }
                guard let outcome = try await group.next() else { break }
                inFlight -= 1
                try handle(outcome)
            }
            results.sort { ($0.file, $0.sequence) < ($1.file, $1.sequence) }
            let layouts = files.compactMap(\.cutter.layout)
            return ScanResult(results: results.map(\.value), layouts: layouts)
        }
    }

    enum Work {
        case load(Int, Int)
        case parse(Int, ParseJob)
    }

    /// Loads first while there is buffer room (keeps streams busy), then parses.
    mutating func nextWork() -> Work? {
        if canLoad || parseHead == parseQueue.count, let load = nextLoad() {
            return load
        }
        if parseHead < parseQueue.count, let (f, job) = parseQueue[parseHead] {
            parseQueue[parseHead] = nil
            parseHead += 1
            parsing += 1
            if parseHead > 256 { parseQueue.removeFirst(parseHead); parseHead = 0 }
            return .parse(f, job)
        }
        return nil
    }

    mutating func nextLoad() -> Work? {
        guard loadsInFlight < options.workers else { return nil }
        for f in files.indices where !files[f].exhausted {
            if files[f].isStream {
                guard files[f].loading == 0 else { continue }
            } else if files[f].nextLoad >= (files[f].source.plan.segmentCount ?? 0) {
                continue
            }
            let s = files[f].nextLoad
            files[f].nextLoad += 1
            files[f].loading += 1
            return .load(f, s)
        }
        return nil
    }

    mutating func handle(_ outcome: Outcome) throws {
        switch outcome {
        case let .loaded(f, s, segments):
            files[f].loading -= 1
            loadsInFlight -= 1
            if let segments {
                files[f].pending[s] = segments
                bufferedBytes += segments.reduce(0) { $0 + $1.bytes.count }
                metrics?.add(bytesIn: segments.reduce(0) { $0 + $1.sourceBytes })
            } else {
                files[f].exhausted = true
                metrics?.add(bytesIn: Int(files[f].source.file.size))
                metrics?.taskDone()
            }
            if !files[f].isStream, files[f].nextLoad >= (files[f].source.plan.segmentCount ?? 0) {
                files[f].exhausted = true
            }
            try cutReady(f)
        case let .parsed(f, sequence, value, rows, rejects, bytes):
            parsing -= 1
            bufferedBytes -= bytes
            results.append((f, sequence, value))
            metrics?.add(rowsOut: rows, rejected: rejects)
        }
    }

    /// Cuts the file's segments that are next in order; finishes the file after its last.
    mutating func cutReady(_ f: Int) throws {
        while let segments = files[f].pending.removeValue(forKey: files[f].nextCut) {
            files[f].nextCut += 1
            for segment in segments {
                bufferedBytes -= segment.bytes.count
                enqueue(f, try files[f].cutter.cut(segment))
            }
            if !files[f].isStream { metrics?.taskDone() }
        }
        let allCut = files[f].exhausted && files[f].loading == 0 && files[f].pending.isEmpty
        if allCut, !files[f].finished {
            files[f].finished = true
            // Every load of the file is done: let its descriptor go.
            files[f].source.close()
            enqueue(f, try files[f].cutter.finish())
        }
    }

    mutating func enqueue(_ f: Int, _ jobs: [ParseJob]) {
        for job in jobs {
            // A job holds its whole segment buffer; count that, not just its range.
            bufferedBytes += job.bytes.count
            parseQueue.append((f, job))
        }
    }
}
