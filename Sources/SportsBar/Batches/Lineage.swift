import Columns
import Partition
import Workers

/// The lineage columns every bronze row carries (§2) and the quarantine reason column.
public enum Lineage {
    public static let sourceFile = "_source_file"
    public static let sourceLine = CSVLayout.lineColumn
    public static let batchId = "_batch_id"
    public static let reason = "_reason"
    /// Rows held before silver carry the rank of their file instead (`SourceFileRanks`).
    public static let sourceFileRank = "_source_file_rank"

    public static let fields = [
        Field(sourceFile, .text, nullable: false),
        Field(sourceLine, .int64, nullable: false),
        Field(batchId, .int64, nullable: false),
    ]

    /// A bronze batch from one scanned chunk: its text columns in the order of `table`,
    /// then `_source_file`, `_source_line` (from the scan) and `_batch_id`. Call it in
    /// `CSVScan`'s transform with the chunk's file path relative to the source root.
    public static func bronze(_ parsed: RecordBatch, table: SourceTable, sourceFile: String,
                              batchId: Int64) throws -> RecordBatch {
        var columns: [Column] = []
        for name in table.columns {
            columns.append(.text(try parsed.text(name, in: table.name)))
        }
        let lines = try parsed.int64(sourceLine, in: table.name)
        columns.append(.text(.repeating(sourceFile, count: parsed.rowCount)))
        columns.append(.int64(lines))
        columns.append(.int64(FixedColumn(values: ContiguousArray(repeating: batchId, count: parsed.rowCount))))
        return RecordBatch(schema: table.bronzeSchema, columns: columns)
    }

    /// Row indices of `batch` in input order (§3): by `_source_file` in byte order, then
    /// `_source_line`; with `batchFirst`, by `_batch_id` before both (upsert order).
    static func inputOrder(of batch: RecordBatch, table: String, batchFirst: Bool = false) throws -> [Int] {
        var keys = [SortKey(sourceFile), SortKey(sourceLine)]
        if batchFirst { keys.insert(SortKey(batchId), at: 0) }
        let encoded: EncodedRows
        do {
            encoded = try RowEncoder(schema: batch.schema, keys: keys).encode(batch)
        } catch {
            throw SportsBarError.missingColumn(table: table, column: "lineage (\(keys.map(\.column)))",
                                               available: batch.schema.fields.map(\.name))
        }
        // Stable, so rows with equal lineage keep their given order.
        return Array(0 ..< batch.rowCount).sorted { a, b in
            let order = encoded.compare(a, encoded, b)
            return order != 0 ? order < 0 : a < b
        }
    }
}
