import Columns

/// Distinct by key, keeping per key the FIRST row by an explicit order (e.g. a
/// sequence column, or (fileOrder, line)), compared lexicographically. Ties on the
/// order are broken by the rows' values, so the result never depends on the order
/// in which batches arrive. NULL key values compare equal to each other.
///
/// Keys found in `known` (e.g. already in silver) are duplicates outright: all their rows
/// are returned as duplicates.
///
/// Memory: input batches are held until `finish`. When the budget refuses more, the
/// held and later batches are hash-shuffled by key to spill files and each partition is
/// deduplicated on its own at `finish` (a key never spans partitions).
///
/// Single owner; for parallelism run one instance per shuffle partition.
public final class Deduplicator {
    public let schema: Schema
    private let keys: [String]
    private let makeTable: () -> DedupTable
    private let reservation: MemoryReservation
    private let spillDirectory: SpillDirectory?
    private let spillPartitions: Int
    private var table: DedupTable?
    private var shuffle: ShuffleWriter?
    // Finishing: the table whose pieces are leaving, and the spilled partitions still to read.
    private var finishing = false
    private var draining: DedupTable?
    private var spilledOutput: ShuffleOutput?
    private var nextSpillPartition = 0
    private var partitionReservation: MemoryReservation?
    private var known: KnownKeys?

    public init(schema: Schema, keys: [String], order: [SortKey], known: KnownKeys? = nil,
                budget: MemoryBudget = .unlimited(), spillDirectory: SpillDirectory? = nil,
                spillPartitions: Int = 16) throws {
        guard !keys.isEmpty else { throw OperatorError.invalidArgument("dedup needs at least one key column") }
        let keyColumns = try schema.indices(of: keys)
        let orderComparator = try RowComparator(schema: schema, keys: order)
        let tieBreaker = try RowEncoder(schema: schema, columns: schema.fields.map(\.name))
        self.schema = schema
        self.keys = keys
        makeTable = { DedupTable(keyColumns: keyColumns, order: orderComparator, tieBreaker: tieBreaker) }
        reservation = MemoryReservation(budget: budget)
        self.spillDirectory = spillDirectory
        self.spillPartitions = max(1, spillPartitions)
        table = makeTable()
        if let known { try exclude(known) }
    }

    /// Makes every row of a key in `known` a duplicate (e.g. the keys already in silver,
    /// looked up once the input is read); until the first piece is pulled.
    public func exclude(_ known: KnownKeys) throws {
        let keyTypes = try schema.indices(of: keys).map { schema.fields[$0].type }
        guard known.keyTypes == keyTypes else {
            throw OperatorError.invalidArgument("dedup keys \(keys) are \(keyTypes) but the known keys are \(known.keyTypes)")
        }
        guard !finishing else { throw OperatorError.invalidArgument("dedup: known keys after its pieces started to leave") }
        self.known = known
    }

    public func add(_ batch: RecordBatch) throws {
        guard batch.schema == schema else {
            throw OperatorError.schemaMismatch(context: "dedup input", expected: schema, found: batch.schema)
        }
        if let shuffle {
            try shuffle.write(batch)
            return
        }
        guard let table, !finishing else { throw OperatorError.invalidArgument("dedup: add after finish") }
        let held = try table.add(batch)
        if !reservation.tryGrow(held) {
            if let spillDirectory {
                try spillToShuffle(table, directory: spillDirectory)
            } else {
                reservation.forceGrow(held)
            }
        }
    }

    /// Moves everything held into a key-partitioned shuffle; later batches follow it there.
    private func spillToShuffle(_ table: DedupTable, directory: SpillDirectory) throws {
        let writer = try ShuffleWriter(schema: schema, keys: keys, partitions: spillPartitions,
                                       budget: reservation.budget, spillDirectory: directory, label: "dedup",
                                       seed: HashPartitioner.spillSeed)
        let held = table.retainedBatches
        self.table = nil
        reservation.releaseAll()
        for batch in held { try writer.write(batch) }
        shuffle = writer
    }

    /// Whether the input went through spill files.
    public var spilled: Bool { shuffle != nil || spilledBytes > 0 }
    /// Compressed bytes this deduplicator spilled (final once `finish` returned).
    public private(set) var spilledBytes = 0

    /// Everything at once (the pieces of `finish(each:)` appended).
    public func finish() throws -> DedupResult {
        var result = DedupResult()
        try finish { result.append($0) }
        return result
    }

    /// Every piece of `nextPiece()`, handed to `consume` as it is made.
    public func finish(each consume: (DedupResult) throws -> Void) throws {
        guard !finishing else { throw OperatorError.invalidArgument("dedup: finish called twice") }
        while let piece = try nextPiece() { try consume(piece) }
    }

    /// The result in pieces, one per retained input batch (each its kept rows and its
    /// duplicates; a key's rows may be in different pieces), dropping each batch as it
    /// goes; a spilled input is read back one spill partition at a time, so only one
    /// partition's rows (and what the caller makes of them) are in memory at a time.
    /// Nil at the end; no `add` after the first call.
    public func nextPiece() throws -> DedupResult? {
        guard var piece = try nextTablePiece() else { return nil }
        guard let known, known.count > 0 else { return piece }
        // The kept row of a known key leaves with the key's other rows, as a duplicate.
        var kept: [RecordBatch] = []
        for batch in piece.kept {
            let seen = try known.contains(rowsOf: batch, keys: keys)
            guard seen.contains(true) else { kept.append(batch); continue }
            piece.duplicates.append(try batch.filter(seen))
            kept.append(try batch.filter(seen.map { !$0 }))
        }
        piece.kept = kept
        return piece
    }

    /// The next piece of the table(s), before the known keys are taken out.
    private func nextTablePiece() throws -> DedupResult? {
        if !finishing { try startFinishing() }
        while true {
            if let piece = try draining?.nextPiece() { return piece }
            draining = nil
            partitionReservation?.releaseAll()
            partitionReservation = nil
            guard let output = spilledOutput, nextSpillPartition < output.partitionCount else {
                spilledOutput = nil
                reservation.releaseAll()
                return nil
            }
            let reader = try output.takePartition(nextSpillPartition)
            nextSpillPartition += 1
            let partitionTable = makeTable()
            // One partition must be processed whole; it is charged even past the limit
            // (a spill partition is 1/`spillPartitions` of the input, so this stays small).
            let charged = MemoryReservation(budget: reservation.budget)
            while let batch = try reader.next() { charged.forceGrow(try partitionTable.add(batch)) }
            draining = partitionTable
            partitionReservation = charged
        }
    }

    private func startFinishing() throws {
        finishing = true
        if let table {
            self.table = nil
            draining = table
        } else if let shuffle {
            self.shuffle = nil
            spilledBytes = shuffle.spilledBytes
            spilledOutput = shuffle.finish()
        }
    }
}
