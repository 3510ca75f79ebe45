import Columns

/// In-memory dedup state: the retained input batches and per distinct key the best
/// (first-by-order) row seen so far. Keys are hashed per batch but not held: the table
/// keeps hashes only and compares a repeated key's columns in place against its best
/// row, as it does order keys, so the retained rows are the only copy of any key.
final class DedupTable {
    private let order: RowComparator
    private let tieBreaker: RowEncoder
    private var batches: [RecordBatch] = []
    private let keyColumns: [Int]
    private var table = HashedEntries()
    private var bestBatch = ContiguousArray<Int>()
    private var bestRow = ContiguousArray<Int>()
    /// Per retained batch, its key columns' views (`keyColumns.count` each).
    private var keyViews: [KeyView] = []
    private var prefetch: ProbePrefetching
    /// Per retained batch, which rows are kept: set when the pieces start to leave.
    private var keep: [ContiguousArray<Bool>]?
    private var nextHandedOver = 0

    init(keyColumns: [Int], order: RowComparator, tieBreaker: RowEncoder, prefetch: ProbePrefetching.Policy = .adaptive) {
        self.keyColumns = keyColumns
        self.prefetch = ProbePrefetching(prefetch)
        self.order = order
        self.tieBreaker = tieBreaker
    }

    /// Adds a batch; returns an estimate of the bytes now held because of it.
    func add(_ batch: RecordBatch) throws -> Int {
        let tableBytesBefore = table.estimatedBytes
        let hashes = KeyHash.hashRows(of: batch, keys: keyColumns)
        let batchIndex = batches.count
        batches.append(batch)
        // The per-row loop works on locals moved out of the object: every access to a
        // class's stored property pays a dynamic exclusivity check (7 % of a run's CPU
        // with checked builds), a local none.
        var table = HashedEntries(capacity: 0), bestBatch = ContiguousArray<Int>(), bestRow = ContiguousArray<Int>()
        swap(&table, &self.table)
        swap(&bestBatch, &self.bestBatch)
        swap(&bestRow, &self.bestRow)
        defer {
            swap(&table, &self.table)
            swap(&bestBatch, &self.bestBatch)
            swap(&bestRow, &self.bestRow)
        }
        // Key views of every retained batch (this one last): compared through raw pointers,
        // not through `Column` (no retain/release per comparison); the batches stay retained.
        let width = keyColumns.count
        keyViews += keyColumns.map { KeyView(batch.columns[$0]) }
        let views = keyViews, probe = batchIndex * width
        try withExtendedLifetime(batches) {
            try views.withUnsafeBufferPointer { views in
                let probing = Probing(hashes: hashes, views: views, width: width, probe: probe, batchIndex: batchIndex, owner: self)
                try prefetch.probe(rows: batch.rowCount, missesCache: table.missesCache) { rows, prefetching in
                    try probing.run(rows, prefetching: prefetching, &table, &bestBatch, &bestRow)
                }
            }
        }
        return batch.estimatedBytes + table.estimatedBytes - tableBytesBefore + 16 * batch.rowCount
    }

    /// One batch's probes: per row, find its key's entry or make one, and keep the better row.
    private struct Probing {
        let hashes: ContiguousArray<UInt64>
        let views: UnsafeBufferPointer<KeyView>
        let width: Int
        /// The batch's first key view, and its number.
        let probe: Int
        let batchIndex: Int
        unowned let owner: DedupTable

        @inline(__always)
        func run(_ rows: Range<Int>, prefetching: Bool, _ table: inout HashedEntries,
                 _ bestBatch: inout ContiguousArray<Int>, _ bestRow: inout ContiguousArray<Int>) throws {
            var blockStart = rows.lowerBound
            while blockStart < rows.upperBound {
                let blockEnd = min(rows.upperBound, blockStart + ProbePrefetching.block)
                if prefetching { ProbePrefetching.prefetch(blockStart ..< blockEnd, hashes, table, bestBatch, bestRow, views, width) }
                for row in blockStart ..< blockEnd {
                    let (entry, inserted) = table.findOrInsert(hash: hashes[row]) { entry in
                        let stored = bestBatch[entry] * width, storedRow = bestRow[entry]
                        for k in 0 ..< width where !views[probe + k].equal(row, views[stored + k], storedRow) { return false }
                        return true
                    }
                    if inserted {
                        bestBatch.append(batchIndex)
                        bestRow.append(row)
                    } else if try owner.comesFirst(batchIndex, row, before: bestBatch[entry], bestRow[entry]) {
                        bestBatch[entry] = batchIndex
                        bestRow[entry] = row
                    }
                }
                blockStart = blockEnd
            }
        }
    }

    /// Whether row (b1, r1) precedes (b2, r2): by order key, then — so the result never
    /// depends on arrival order — by the whole row's values.
    private func comesFirst(_ b1: Int, _ r1: Int, before b2: Int, _ r2: Int) throws -> Bool {
        let byOrder = order.compare(batches[b1], r1, batches[b2], r2)
        if byOrder != 0 { return byOrder < 0 }
        let first = try tieBreaker.encode(batches[b1].gather(CollectionOfOne(r1)))
        let second = try tieBreaker.encode(batches[b2].gather(CollectionOfOne(r2)))
        return first.compare(0, second, 0) < 0
    }

    /// The retained input batches (to move them into a shuffle when spilling).
    var retainedBatches: [RecordBatch] { batches }

    /// Hands the result over one retained batch at a time (its kept rows and its
    /// duplicates), dropping each batch once handed over, so finishing holds one batch's
    /// copy at a time. A key's rows may fall in different pieces; every row's fate is final.
    /// Nil once every batch is handed over; no `add` after the first call.
    func nextPiece() throws -> DedupResult? {
        if keep == nil {
            var marks = batches.map { ContiguousArray(repeating: false, count: $0.rowCount) }
            for (batch, row) in zip(bestBatch, bestRow) { marks[batch][row] = true }
            keep = marks
            bestBatch = []
            bestRow = []
            table = HashedEntries(capacity: 0)
            keyViews = []
        }
        while nextHandedOver < batches.count {
            let index = nextHandedOver
            nextHandedOver += 1
            let batch = batches[index]
            batches[index] = RecordBatch(empty: batch.schema)
            let marks = keep?[index] ?? []
            keep?[index] = []
            var kept = ContiguousArray<Int>(), duplicates = ContiguousArray<Int>()
            for row in 0 ..< batch.rowCount {
                if marks[row] { kept.append(row) } else { duplicates.append(row) }
            }
            var piece = DedupResult()
            if !kept.isEmpty { piece.kept.append(kept.count == batch.rowCount ? batch : try batch.gather(kept)) }
            if !duplicates.isEmpty { piece.duplicates.append(try batch.gather(duplicates)) }
            if !piece.kept.isEmpty || !piece.duplicates.isEmpty { return piece }
        }
        batches = []
        return nil
    }
}
