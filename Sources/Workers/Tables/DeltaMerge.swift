import Lake
import Columns

/// Merge-by-key for small tables (dimensions): rows of `updates` replace the live
/// rows with the same key, other live rows stay, new keys are added; the whole table
/// is rewritten in one MERGE commit. Among updates with one key the last wins.
public struct DeltaMerge: Sendable {
    public let path: String
    public let schema: Schema
    public let keys: [String]

    public init(path: String, schema: Schema, keys: [String]) {
        self.path = path
        self.schema = schema
        self.keys = keys
    }

    @discardableResult
    public func merge(_ updates: [RecordBatch]) throws -> Int64 {
        let existing = DeltaTable(path: path).exists ? try DeltaTableReader(path: path).read().batches : []
        let keyIndices = try keys.map { key in
            guard let i = schema.index(of: key) else { throw OutputError.unknownPartitionColumn(key) }
            return i
        }
        // Later rows win: walk updates last-to-first, then existing rows, keeping each key once.
        var seen = Set<[String?]>()
        var keptUpdates: [(Int, [Int])] = []
        for (b, batch) in updates.enumerated().reversed() {
            var rows: [Int] = []
            for row in stride(from: batch.rowCount - 1, through: 0, by: -1) where seen.insert(key(batch, row, keyIndices)).inserted {
                rows.append(row)
            }
            keptUpdates.append((b, rows.reversed()))
        }
        var out: [RecordBatch] = []
        for batch in existing {
            let rows = (0 ..< batch.rowCount).filter { !seen.contains(key(batch, $0, keyIndices)) }
            if !rows.isEmpty { out.append(try batch.gather(rows)) }
        }
        for (b, rows) in keptUpdates.reversed() where !rows.isEmpty { out.append(try updates[b].gather(rows)) }

        let writer = try PartitionedWriter(tableDirectory: path, schema: schema, format: ParquetOutputFormat(), placement: .inPlace)
        do {
            for batch in out { try writer.write(batch) }
            let files = try writer.finish()
            let committer = try DeltaCommitter(path: path, schema: schema)
            return try committer.commit(files, mode: .overwrite, metrics: ["numTargetRowsUpserted": "\(keptUpdates.reduce(0) { $0 + $1.1.count })"])
        } catch {
            writer.abort()
            throw error
        }
    }

    /// Key values as text (dimension tables are small; clarity over speed here).
    func key(_ batch: RecordBatch, _ row: Int, _ indices: [Int]) -> [String?] {
        indices.map { ValueText.string(batch.columns[$0], row, type: batch.schema.fields[$0].type) }
    }
}
