import Foundation
import Columns
import Synchronization

/// Lets many tasks write batches of one table at once: each `write` borrows a
/// `PartitionedWriter` from a pool (opening a new one only when all are busy), so
/// at most as many files grow at a time as tasks write, and the encoding and
/// compression run on the writing tasks' cores (e.g. inside a scan's transform).
/// Files are written in place, to be published by a committer.
public final class ConcurrentTableWriter: Sendable {
    public let tableDirectory: String
    public let schema: Schema
    public let partitionColumns: [String]
    private let format: any TableFileFormat
    private let targetFileBytes: Int
    private let state = Mutex(State())

    private struct State {
        var idle: [WriterBox] = []
        var all: [WriterBox] = []
    }

    /// A writer in the pool; only the task that borrowed it touches it.
    private final class WriterBox: @unchecked Sendable {
        let writer: PartitionedWriter
        init(_ writer: PartitionedWriter) { self.writer = writer }
    }

    public init(tableDirectory: String, schema: Schema, partitionColumns: [String] = [],
                format: any TableFileFormat, targetFileBytes: Int = 128 << 20) {
        self.tableDirectory = tableDirectory
        self.schema = schema
        self.partitionColumns = partitionColumns
        self.format = format
        self.targetFileBytes = targetFileBytes
    }

    public func write(_ batch: RecordBatch) throws {
        guard batch.rowCount > 0 else { return }
        let box = try borrow()
        // A writer that failed is not returned to the pool; `abort` removes its files.
        try box.writer.write(batch)
        state.withLock { $0.idle.append(box) }
    }

    private func borrow() throws -> WriterBox {
        if let box = state.withLock({ $0.idle.popLast() }) { return box }
        let box = WriterBox(try PartitionedWriter(tableDirectory: tableDirectory, schema: schema,
                                                  partitionColumns: partitionColumns, format: format,
                                                  targetFileBytes: targetFileBytes, placement: .inPlace))
        state.withLock { $0.all.append(box) }
        return box
    }

    /// Closes every file (call once all writes returned); the files, by path.
    public func finish() throws -> [WrittenFile] {
        let boxes = state.withLock { $0.all }
        var files: [WrittenFile] = []
        for box in boxes { files += try box.writer.finish() }
        return files.sorted { $0.path < $1.path }
    }

    /// Removes every file written (a failed run).
    public func abort() {
        for box in state.withLock({ $0.all }) { box.writer.abort() }
    }
}
