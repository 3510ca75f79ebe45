import Columns
import Workers

/// Union of candidate rows where the first row of each key wins (§4, §8 key collisions).
/// Callers list candidates by precedence: child rows first (first in input order wins),
/// then parent rows latest first (the last upsert wins).
enum KeyedUnion {
    struct Candidates {
        let schema: Schema
        private(set) var parts: [RecordBatch] = []

        init(schema: Schema) { self.schema = schema }

        /// Rows `rows` of `batch` (conformed to `schema` by name), in that order.
        mutating func add(_ batch: RecordBatch, rows: [Int]? = nil, table: String) throws {
            let conformed = try batch.conformed(to: schema, table: table)
            parts.append(try rows.map { try conformed.gather($0) } ?? conformed)
        }
    }

    /// The winning row of each key, sorted by key (deterministic output).
    static func resolve(_ candidates: Candidates, keys: [String]) throws -> RecordBatch {
        let all = try RecordBatch.concat(candidates.parts, schema: candidates.schema)
        let encoded = try RowEncoder(schema: candidates.schema, columns: keys).encode(all)
        var table = KeyHashTable(capacity: max(16, all.rowCount))
        var winners: [Int] = []
        for row in 0 ..< all.rowCount {
            let hash = encoded.hash(row)
            if encoded.withRow(row, { table.findOrInsert($0, hash: hash) }).inserted { winners.append(row) }
        }
        winners.sort { encoded.compare($0, encoded, $1) < 0 }
        return try all.gather(winners)
    }

    /// Rows of `batch` latest first by (`_batch_id`, `_source_file`, `_source_line`).
    static func latestFirst(_ batch: RecordBatch, table: String) throws -> [Int] {
        try Lineage.inputOrder(of: batch, table: table, batchFirst: true).reversed()
    }
}
