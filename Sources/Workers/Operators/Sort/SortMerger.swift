import Columns

/// k-way merge of sorted runs read back batch by batch, keeping one batch per run in
/// memory. Ties go to the earlier run, so the merge is stable across runs.
public final class SortMerger {
    private let encoder: RowEncoder
    private let batchRows: Int
    private var sources: [() throws -> RecordBatch?]
    private var cursors: [Cursor?]
    /// Run indices ordered as a binary min-heap by each cursor's current row.
    private var heap: [Int] = []
    private var started = false
    private var output: BatchBuilder

    private struct Cursor {
        var batch: RecordBatch
        var encoded: EncodedRows
        var row = 0
    }

    init(schema: Schema, encoder: RowEncoder, batchRows: Int, sources: [() throws -> RecordBatch?]) {
        self.encoder = encoder
        output = BatchBuilder(schema: schema, reservingRows: batchRows)
        self.batchRows = batchRows
        self.sources = sources
        cursors = Array(repeating: nil, count: sources.count)
    }

    /// The next sorted batch, or nil when every run is exhausted.
    public func next() throws -> RecordBatch? {
        // A single run is already in order: pass its batches through.
        if sources.count == 1, let only = sources.first { return try only() }
        if !started {
            started = true
            for run in sources.indices where try advanceToNonEmptyBatch(run) { push(run) }
        }
        while output.rowCount < batchRows, let run = heap.first {
            guard let cursor = cursors[run] else { break }
            try output.append(row: cursor.row, of: cursor.batch)
            if try step(run) {
                siftDown(0)
            } else {
                popTop()
            }
        }
        return output.isEmpty ? nil : output.finish(reservingRows: batchRows)
    }

    /// Moves run `run` to its next row; false when the run is exhausted.
    private func step(_ run: Int) throws -> Bool {
        guard var cursor = cursors[run] else { return false }
        cursor.row += 1
        if cursor.row < cursor.batch.rowCount {
            cursors[run] = cursor
            return true
        }
        return try advanceToNonEmptyBatch(run)
    }

    private func advanceToNonEmptyBatch(_ run: Int) throws -> Bool {
        cursors[run] = nil
        while let batch = try sources[run]() {
            guard batch.rowCount > 0 else { continue }
            cursors[run] = Cursor(batch: batch, encoded: try encoder.encode(batch))
            return true
        }
        return false
    }

    private func less(_ a: Int, _ b: Int) -> Bool {
        guard let x = cursors[a], let y = cursors[b] else { return cursors[a] != nil }
        let byKey = x.encoded.compare(x.row, y.encoded, y.row)
        return byKey != 0 ? byKey < 0 : a < b
    }

    private func push(_ run: Int) {
        heap.append(run)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard less(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private func popTop() {
        guard let last = heap.popLast() else { return }
        guard !heap.isEmpty else { return }
        heap[0] = last
        siftDown(0)
    }

    private func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count, less(heap[left], heap[smallest]) { smallest = left }
            if right < heap.count, less(heap[right], heap[smallest]) { smallest = right }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}
