import Lake
import Columns
import Partition
import SportsBar
import Workers

/// §3.5: the parent company's tables, typed. Gold needs all typed parent rows; they
/// are retyped from bronze (cheap: these are monthly-grain tables).
struct ParentRows {
    /// Bronze rows of this run, per table.
    var newBronze: [ParentTable: [RecordBatch]] = [:]
    /// Typed rows of this run, per table.
    var newTyped: [ParentTable: RecordBatch] = [:]

    func arrived(_ table: ParentTable) -> Bool { (newBronze[table] ?? []).contains { $0.rowCount > 0 } }

    /// Every typed row of `table`: the lake's bronze plus this run's, in upsert order;
    /// with `months`, only rows whose `date` falls in one of them.
    func allTyped(_ table: ParentTable, _ context: RunContext, months: Set<Int32>? = nil) throws -> RecordBatch {
        var bronze = try context.existing(LakeCatalog.bronze(table.source)) + (newBronze[table] ?? [])
        if let months {
            // A date that types is `yyyy-MM-dd`, so its month is its first 8 bytes: rows of
            // other months are dropped before the (costlier) typing and upsert ordering.
            let prefixes = Set(months.map { month in
                Array(DeltaValue.date(month).partitionText.utf8.prefix(8)).withUnsafeBytes { $0.loadUnaligned(as: UInt64.self) }
            })
            bronze = try bronze.map { batch in
                let dates = try batch.text("date", in: table.source.name)
                return try batch.filter((0 ..< batch.rowCount).map { row in
                    !dates.isNull(row) && dates.withValue(row) { $0.count >= 8 && prefixes.contains($0.loadUnaligned(as: UInt64.self)) }
                })
            }
        }
        return try ParentTables.type(table, bronze: bronze).rows
    }
}

enum ParentStage {
    static func run(_ context: RunContext) async throws -> ParentRows {
        var rows = ParentRows()
        for table in ParentTable.allCases {
            let source = table.source
            let files = context.sources.files(source)
            let scanned = try await BronzeScan.scan(source, files: files, batchId: context.batchId, options: context.scanOptions)
            context.noteScanned(scanned)
            let typed = try ParentTables.type(table, bronze: scanned.bronze)
            rows.newBronze[table] = scanned.bronze
            rows.newTyped[table] = typed.rows
            try context.write(LakeCatalog.bronze(source), scanned.bronze, mode: .append, operation: "ingest")
            try context.write(LakeCatalog.quarantine(source), scanned.malformed + [BronzeScan.lakeQuarantine(typed.quarantine, source)],
                              mode: .append, operation: "ingest")
            var counts = typed.counts
            counts.add(scanned.malformedCounts)
            context.flows[source.name] = TableFlow(table: source.name, files: files.count, newRecords: scanned.records,
                                                   rowsRead: scanned.records, silverRows: typed.rows.rowCount,
                                                   quarantine: counts)
        }
        return rows
    }
}
