import Columns
import Partition
import SportsBar
import Workers

/// The new files of one source table, read: bronze rows, records that never became
/// bronze rows (quarantined as `malformed_row` or `invalid_utf8`), and records per file
/// for the ingest ledger.
struct ScannedSource: Sendable {
    /// Bronze rows, unless the scan wrote them to a sink.
    var bronze: [RecordBatch] = []
    /// Quarantine rows (lake schema) of the records the parser rejected.
    var malformed: [RecordBatch] = []
    /// Those rows by reason.
    var malformedCounts = ReasonCounts()
    var recordsPerFile: [String: Int] = [:]
    /// Files whose header has columns the table does not read, in file order.
    var extraColumns: [ExtraColumns] = []
    var bronzeRows = 0
    var malformedRows: Int { malformedCounts.total }
    var records: Int { bronzeRows + malformedRows }
}

enum BronzeScan {
    /// One scanned chunk as bronze: its rows with their lineage, and quarantine rows (lake
    /// schema) with their reasons for the records the parser rejected.
    private struct Chunk: Sendable {
        let file: String
        let bronze: RecordBatch
        let malformed: RecordBatch
        let malformedCounts: ReasonCounts
    }

    private static func chunk(_ chunk: ScanChunk, _ table: SourceTable, batchId: Int64) throws -> Chunk {
        let path = chunk.file.relativePath
        let bronze = try Lineage.bronze(chunk.parsed.batch, table: table, sourceFile: path, batchId: batchId)
        let (malformed, counts) = try rejectedRows(chunk.parsed.rejects, table: table, sourceFile: path, batchId: batchId)
        return Chunk(file: path, bronze: bronze, malformed: malformed, malformedCounts: counts)
    }

    /// Scans `files` of `table` in parallel and keeps their bronze rows (the small tables).
    static func scan(_ table: SourceTable, files: [InputFile], batchId: Int64,
                     options: ScanOptions) async throws -> ScannedSource {
        var scanned = ScannedSource()
        guard !files.isEmpty else { return scanned }
        let result = try await CSVScan.run(files: files, columns: table.requestedColumns, options: options) {
            try chunk($0, table, batchId: batchId)
        }
        for chunk in result.results {
            scanned.recordsPerFile[chunk.file, default: 0] += chunk.bronze.rowCount + chunk.malformed.rowCount
            scanned.bronzeRows += chunk.bronze.rowCount
            if chunk.bronze.rowCount > 0 { scanned.bronze.append(chunk.bronze) }
            if chunk.malformed.rowCount > 0 { scanned.malformed.append(chunk.malformed) }
            scanned.malformedCounts.add(chunk.malformedCounts)
        }
        scanned.extraColumns = extraColumns(result.layouts, table: table, files: files)
        return scanned
    }

    /// The bronze rows of `files` as a plan's scan node (the big table): every chunk's rows
    /// get their lineage and are written to `sink` inside the scan, the records the parser
    /// rejected go to `quarantine`, and what the ingest ledger needs is counted in `tally`.
    static func exec(_ table: SourceTable, files: [InputFile], batchId: Int64, options: ScanOptions,
                     sink: ConcurrentTableWriter, quarantine: ConcurrentTableWriter,
                     tally: BronzeTally) -> CSVScanExec {
        CSVScanExec(files: files, columns: table.requestedColumns, schema: table.bronzeSchema, options: options) {
            let chunk = try chunk($0, table, batchId: batchId)
            try sink.write(chunk.bronze)
            if chunk.malformed.rowCount > 0 { try quarantine.write(chunk.malformed) }
            tally.add(file: chunk.file, bronzeRows: chunk.bronze.rowCount, malformed: chunk.malformedCounts)
            return chunk.bronze
        }
    }

    /// Files whose header has columns the table does not read, in file order.
    static func extraColumns(_ layouts: [CSVLayout], table: SourceTable, files: [InputFile]) -> [ExtraColumns] {
        let relativePaths = Dictionary(files.map { ($0.path, $0.relativePath) }) { first, _ in first }
        return layouts.filter { !$0.extraColumns.isEmpty }.map { layout in
            ExtraColumns(table: table.name, file: relativePaths[layout.path] ?? layout.path, columns: layout.extraColumns)
        }
    }

    /// Quarantine rows (lake schema) for the records the parser rejected: NULL columns,
    /// the lineage, the reason (`malformed_row`: not CSV; `invalid_utf8`: a text field
    /// that is not UTF-8), the record's text when it is valid UTF-8 and its exact bytes.
    static func rejectedRows(_ rejects: [RejectedRecord], table: SourceTable, sourceFile: String,
                             batchId: Int64) throws -> (RecordBatch, ReasonCounts) {
        let schema = LakeCatalog.quarantineSchema(table)
        guard !rejects.isEmpty else { return (RecordBatch(empty: schema), ReasonCounts()) }
        var counts = ReasonCounts()
        var reasons = ByteColumn(reservingRows: rejects.count)
        var bytes = ByteColumn(reservingRows: rejects.count)
        bytes.materializeNulls() // an empty record is empty bytes, not NULL
        for reject in rejects {
            let reason: QuarantineReason = if case .invalidUTF8 = reject.reason { .invalidUTF8 } else { .malformedRow }
            counts.add(reason)
            reasons.append(reason.rawValue.utf8)
            bytes.append(reject.raw)
        }
        var columns: [Column] = table.columns.map { _ in .text(nullColumn(rejects.count)) }
        columns.append(.text(.repeating(sourceFile, count: rejects.count)))
        columns.append(.int64(FixedColumn(values: ContiguousArray(rejects.map(\.line)))))
        columns.append(.int64(FixedColumn(values: ContiguousArray(repeating: batchId, count: rejects.count))))
        columns.append(.text(reasons))
        columns.append(.text(.of(rejects.map(\.rawText))))
        columns.append(.text(bytes))
        return (RecordBatch(schema: schema, columns: columns), counts)
    }

    /// SportsBar quarantine rows (no `_raw_record`, `_raw_bytes`) in the lake's quarantine schema.
    static func lakeQuarantine(_ batch: RecordBatch, _ table: SourceTable) throws -> RecordBatch {
        let schema = LakeCatalog.quarantineSchema(table)
        if batch.schema.fields.map(\.name) == schema.fields.map(\.name) { return batch }
        let conformed = try batch.conformed(to: table.quarantineSchema, table: table.name)
        return RecordBatch(schema: schema, columns: conformed.columns + [.text(nullColumn(batch.rowCount)), .text(nullColumn(batch.rowCount))])
    }

    private static func nullColumn(_ rows: Int) -> ByteColumn {
        var column = ByteColumn(reservingRows: rows)
        for _ in 0 ..< rows { column.appendNull() }
        return column
    }
}

/// What a bronze scan node counted, from every scan task: records per file for the
/// ingest ledger, bronze rows, and the parser's rejects by reason.
final class BronzeTally: Sendable {
    private let state = Mutex(ScannedSource())

    func add(file: String, bronzeRows: Int, malformed: ReasonCounts) {
        state.withLock { scanned in
            scanned.recordsPerFile[file, default: 0] += bronzeRows + malformed.total
            scanned.bronzeRows += bronzeRows
            scanned.malformedCounts.add(malformed)
        }
    }

    /// The scan's summary (no rows kept), with the files' extra columns.
    func scanned(_ scan: CSVScanExec, table: SourceTable) -> ScannedSource {
        var scanned = state.withLock { $0 }
        scanned.extraColumns = BronzeScan.extraColumns(scan.layouts, table: table, files: scan.files)
        return scanned
    }
}

import Synchronization
