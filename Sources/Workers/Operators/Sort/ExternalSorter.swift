import Columns

/// Sorts rows by `SortKey`s (each ascending or descending, NULLs first by default).
///
/// Batches are held while the budget allows; when it refuses, the held rows are sorted
/// into a run and written to a spill file. `finish` returns the sorted rows: straight
/// from memory when nothing spilled, otherwise by a k-way merge of the runs (the last
/// run stays in memory). Stable: rows with equal keys keep their arrival order.
///
/// Single owner; for parallelism sort per partition.
public final class ExternalSorter {
    public let schema: Schema
    public let keys: [SortKey]
    private let encoder: RowEncoder
    private let reservation: MemoryReservation
    private let spillDirectory: SpillDirectory?
    private let batchRows: Int
    private var held: [RecordBatch] = []
    private var heldBytes = 0
    private var runs: [SpillFile] = []
    private var finished = false

    /// A run is cut at this size whatever the budget, so its concatenated text stays
    /// under the 2 GiB a batch column can address.
    static let maxRunBytes = 1 << 30

    public init(schema: Schema, keys: [SortKey], budget: MemoryBudget = .unlimited(),
                spillDirectory: SpillDirectory? = nil, batchRows: Int = 8192) throws {
        guard !keys.isEmpty else { throw OperatorError.invalidArgument("sort needs at least one key") }
        self.schema = schema
        self.keys = keys
        encoder = try RowEncoder(schema: schema, keys: keys)
        reservation = MemoryReservation(budget: budget)
        self.spillDirectory = spillDirectory
        self.batchRows = max(1, batchRows)
    }

    public func add(_ batch: RecordBatch) throws {
        guard batch.schema == schema else {
            throw OperatorError.schemaMismatch(context: "sort input", expected: schema, found: batch.schema)
        }
        guard !finished else { throw OperatorError.invalidArgument("sort: add after finish") }
        guard batch.rowCount > 0 else { return }
        // Sorting needs about twice the input (encoded keys, the concatenated copy).
        let bytes = 2 * batch.estimatedBytes
        let fits = heldBytes + bytes <= Self.maxRunBytes && reservation.tryGrow(bytes)
        if !fits {
            if let spillDirectory, !held.isEmpty { try spillRun(to: spillDirectory) }
            // Without a spill directory (or for a first batch alone) the rows are held regardless.
            if !reservation.tryGrow(bytes) { reservation.forceGrow(bytes) }
        }
        held.append(batch)
        heldBytes += bytes
    }

    private func spillRun(to directory: SpillDirectory) throws {
        let run = try SortedRun(batches: held, schema: schema, encoder: encoder)
        let file = try directory.makeFile(schema: schema, label: "sort-run\(runs.count)")
        for chunk in try run.chunks(of: batchRows) { try file.append(chunk) }
        runs.append(file)
        spilledBytes += file.size
        held = []
        heldBytes = 0
        reservation.releaseAll()
    }

    /// Whether sorted runs went through spill files.
    public var spilled: Bool { spilledBytes > 0 }
    /// Compressed bytes of the runs spilled so far.
    public private(set) var spilledBytes = 0

    /// The sorted rows, in batches of at most `batchRows` rows.
    public func finish() throws -> SortMerger {
        guard !finished else { throw OperatorError.invalidArgument("sort: finish called twice") }
        finished = true
        let memoryRun = try SortedRun(batches: held, schema: schema, encoder: encoder)
        held = []
        var sources: [() throws -> RecordBatch?] = []
        for file in runs {
            let reader = try file.makeReader()
            sources.append {
                if let batch = try reader.next() { return batch }
                file.remove()
                return nil
            }
        }
        runs = []
        var chunks = try memoryRun.chunks(of: batchRows)[...]
        let reservation = self.reservation
        sources.append {
            guard let chunk = chunks.popFirst() else {
                reservation.releaseAll()
                return nil
            }
            return chunk
        }
        return SortMerger(schema: schema, encoder: encoder, batchRows: batchRows, sources: sources)
    }

    /// Convenience: every sorted batch at once.
    public func finishAll() throws -> [RecordBatch] {
        let merger = try finish()
        var batches: [RecordBatch] = []
        while let batch = try merger.next() { batches.append(batch) }
        return batches
    }
}
