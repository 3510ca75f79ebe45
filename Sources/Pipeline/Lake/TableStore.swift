import Foundation
import Lake
import Columns
import Partition
import Workers

/// How a run changes one table.
public enum TableWriteMode: Sendable {
    case append
    /// Replace the whole table.
    case overwrite
    /// Replace the partitions `column` = each of `dates` (days since epoch).
    case replaceDates(column: String, dates: Set<Int32>)
}

/// Reads the lake's tables and prepares their next commits (data files written in
/// place under unique names, invisible until the run's commit publishes the log entry).
public struct TableStore: Sendable {
    public let lake: String
    public var targetFileBytes: Int
    /// Parquet settings; a run under a memory limit uses smaller row groups, since every
    /// open file holds its current row group's encoded pages.
    public var parquet: ParquetWriterOptions

    public init(lake: String, targetFileBytes: Int = 128 << 20, parquet: ParquetWriterOptions = ParquetWriterOptions()) {
        self.lake = lake
        self.targetFileBytes = targetFileBytes
        self.parquet = parquet
    }

    public func exists(_ table: LakeTable) -> Bool { DeltaTable(path: table.path(in: lake)).exists }

    /// Rows of `table` (empty when it does not exist yet), optionally only some
    /// columns and the partitions whose `column` value is one of `dates`.
    public func read(_ table: LakeTable, columns: [String]? = nil,
                     dates: (column: String, values: Set<Int32>)? = nil) throws -> [RecordBatch] {
        guard exists(table) else { return [] }
        let batches = try DeltaTableReader(path: table.path(in: lake)).read(columns: columns, partitions: Self.filter(dates)).batches
        return columns == nil ? try batches.map { try conformed($0, to: table) } : batches
    }

    /// A table written by an older version lacks the nullable columns a newer one
    /// appended to its shape (until the run's commit evolves it): they read as NULL,
    /// so callers always see the catalog's shape.
    private func conformed(_ batch: RecordBatch, to table: LakeTable) throws -> RecordBatch {
        let shape = try shape(of: table).schema
        guard batch.schema != shape else { return batch }
        let columns = try shape.fields.map { field -> Column in
            if let index = batch.schema.index(of: field.name) {
                guard batch.schema.fields[index].type == field.type else {
                    throw PipelineError.schemaChanged(table: table.description, reason: "column \(field.name) has type "
                        + "\(batch.schema.fields[index].type), this version expects \(field.type) (rebuild with --full-refresh into a new lake)")
                }
                return batch.columns[index]
            }
            guard field.nullable else {
                throw PipelineError.schemaChanged(table: table.description, reason: "column \(field.name) is missing")
            }
            var nulls = ColumnBuilder(type: field.type, reservingRows: batch.rowCount)
            for _ in 0 ..< batch.rowCount { nulls.appendNull() }
            return nulls.finish()
        }
        return RecordBatch(schema: shape, columns: columns)
    }

    /// `read` spread over `workers` tasks, one file each, reduced by `body` as it reads;
    /// files and row groups whose statistics rule out `rowGroups` are skipped.
    public func readParallel<T: Sendable>(_ table: LakeTable, columns: [String], dates: (column: String, values: Set<Int32>)?,
                                          rowGroups predicate: StatisticsPredicate? = nil, workers: Int,
                                          _ body: @escaping @Sendable ([RecordBatch]) throws -> T) async throws -> [T] {
        guard exists(table) else { return [] }
        return try await DeltaTableReader(path: table.path(in: lake)).readParallel(
            columns: columns, partitions: Self.filter(dates), rowGroups: predicate, workers: workers, body)
    }

    /// A plan node that scans `table` in `partitions` parallel parts: only `columns`, only
    /// the files whose DATE partition `dates.column` is (or, with `excluding`, is not) one
    /// of `dates.values`. Batches carry the catalog's schema. Nil when the table does not exist.
    public func scan(_ table: LakeTable, columns: [String]? = nil, dates: (column: String, values: Set<Int32>)? = nil,
                     excluding: Bool = false, partitions: Int) throws -> (any ExecutionPlan)? {
        guard exists(table) else { return nil }
        var filter: DeltaScanExec.PartitionFilter? = Self.filter(dates)
        if excluding, let accepts = filter { filter = { @Sendable values in !accepts(values) } }
        let text = dates.map { "\($0.column) \(excluding ? "not in" : "in") \($0.values.count) values" } ?? ""
        let scan = try DeltaScanExec(path: table.path(in: lake), columns: columns, partitions: filter,
                                     partitionFilterText: text, targetPartitions: partitions)
        let target = try shape(of: table).schema
        let schema = columns.map { names in Schema(names.compactMap { name in target.fields.first { $0.name == name } }) } ?? target
        guard scan.schema != schema else { return scan }
        guard scan.schema.fields.map(\.type) == schema.fields.map(\.type) else {
            throw PipelineError.schemaChanged(table: table.description, reason: "its columns differ from this version's "
                + "(rebuild with --full-refresh into a new lake)")
        }
        return ProjectionExec(scan, schema: schema, "as \(table.description)") {
            RecordBatch(schema: schema, columns: $0.columns)
        }
    }

    /// Accepts the files whose DATE partition `column` is one of `values` (all files when nil).
    private static func filter(_ dates: (column: String, values: Set<Int32>)?) -> (@Sendable (DeltaPartitionValues) -> Bool)? {
        guard let dates else { return nil }
        let texts = Set(dates.values.map { DeltaValue.date($0).partitionText })
        let column = dates.column
        return { @Sendable values in
            guard let text = values[column] ?? nil else { return false }
            return texts.contains(text)
        }
    }

    /// Distinct values of a DATE partition column, from the log alone.
    public func partitionDates(_ table: LakeTable, column: String) throws -> Set<Int32> {
        guard exists(table) else { return [] }
        var dates = Set<Int32>()
        for file in try DeltaTable(path: table.path(in: lake)).snapshot().files {
            if let text = file.partitionValues[column] ?? nil,
               case let .date(days)? = (try? DeltaValue.parsePartition(text, as: .date)) ?? nil {
                dates.insert(days)
            }
        }
        return dates
    }

    /// Live rows of `table` according to its log (0 when it does not exist).
    public func rowCount(_ table: LakeTable) throws -> Int64 {
        guard exists(table) else { return 0 }
        return try DeltaTable(path: table.path(in: lake)).snapshot().numRecords
    }

    /// Writes `batches` as data files of `table` (in place, invisible until committed).
    public func writeFiles(_ table: LakeTable, _ batches: [RecordBatch]) throws -> [WrittenFile] {
        try writeFiles(batches, shape: shape(of: table), root: table.path(in: lake))
    }

    /// A pool of writers for tasks that write `table` concurrently (files in place,
    /// published by `prepare(_:files:…)`).
    public func concurrentWriter(_ table: LakeTable) throws -> ConcurrentTableWriter {
        let shape = try shape(of: table)
        return ConcurrentTableWriter(tableDirectory: table.path(in: lake), schema: shape.schema,
                                     partitionColumns: shape.partitionColumns, format: ParquetOutputFormat(options: parquet),
                                     targetFileBytes: targetFileBytes)
    }

    /// Prepares the commit that adds `files` (already written under the table) as `mode` says.
    public func prepare(_ table: LakeTable, files: [WrittenFile], mode: TableWriteMode,
                        operation: String) throws -> TableCommit? {
        let shape = try shape(of: table)
        let rows = files.reduce(0) { $0 + $1.rows }
        let root = table.path(in: lake)
        let delta = DeltaTable(path: root)
        let existing = delta.exists
        if case .append = mode, rows == 0, existing { return nil }
        if case let .replaceDates(_, dates) = mode, dates.isEmpty, rows == 0, existing { return nil }
        let addingColumns = existing ? try checkShape(delta, shape, table) : []

        let adds = try files.map { try DeltaCommitter.dataFile($0, tableRoot: root, schema: shape.schema) }
        let metrics = ["medallionOperation": operation]
        let prepared: DeltaPreparedCommit
        switch Self.prepareCommit(delta, existing: existing, shape: shape, adds: adds, mode: mode, metrics: metrics,
                                  addingColumns: addingColumns) {
        case let .success(commit): prepared = commit
        case let .failure(error): throw PipelineError.schemaChanged(table: table.description, reason: error.description)
        }
        return TableCommit(table: table, commit: prepared, rowsWritten: rows, operation: operation)
    }

    private func shape(of table: LakeTable) throws -> TableShape {
        guard let shape = LakeCatalog.shape(of: table) else {
            throw PipelineError.schemaChanged(table: table.description, reason: "not a table of the lake catalog")
        }
        return shape
    }

    private static func prepareCommit(
        _ delta: DeltaTable, existing: Bool, shape: TableShape, adds: [DeltaDataFile], mode: TableWriteMode,
        metrics: [String: String], addingColumns: [Field]
    ) -> Result<DeltaPreparedCommit, DeltaError> {
        Result { () throws(DeltaError) -> DeltaPreparedCommit in
            guard existing else {
                return try DeltaTable.prepareCreate(at: delta.path, schema: shape.schema,
                                                    partitionColumns: shape.partitionColumns, files: adds, metrics: metrics)
            }
            switch mode {
            case .append: return try delta.prepare(.append(adds), metrics: metrics, addingColumns: addingColumns)
            case .overwrite: return try delta.prepare(.overwrite(adds), metrics: metrics, addingColumns: addingColumns)
            case let .replaceDates(column, dates):
                let specs: [[String: DeltaValue?]] = dates.sorted().map { [column: .date($0)] }
                return try delta.prepare(.replacePartitions(specs, with: adds), metrics: metrics, addingColumns: addingColumns)
            }
        }
    }

    /// The columns this version adds to an existing table: none when the shapes agree;
    /// nullable columns appended at the end (a newer version's, e.g. quarantine's
    /// `_raw_bytes`) evolve the table in the run's own commit. Anything else is an error.
    private func checkShape(_ delta: DeltaTable, _ shape: TableShape, _ table: LakeTable) throws -> [Field] {
        let current = try delta.snapshot()
        let known = current.schema.fields
        let wanted = shape.schema.fields
        let sameStart = known.count <= wanted.count
            && zip(known, wanted).allSatisfy { $0.name == $1.name && $0.type == $1.type }
        let added = sameStart ? Array(wanted[known.count...]) : []
        guard sameStart, added.allSatisfy(\.nullable), current.partitionColumns == shape.partitionColumns else {
            throw PipelineError.schemaChanged(
                table: table.description,
                reason: "the lake has columns \(known.map(\.name)) partitioned by \(current.partitionColumns); "
                    + "this version writes \(wanted.map(\.name)) partitioned by \(shape.partitionColumns) "
                    + "(rebuild with --full-refresh into a new lake)")
        }
        return added
    }

    private func writeFiles(_ batches: [RecordBatch], shape: TableShape, root: String) throws -> [WrittenFile] {
        guard batches.contains(where: { $0.rowCount > 0 }) else { return [] }
        let writer = try PartitionedWriter(tableDirectory: root, schema: shape.schema, partitionColumns: shape.partitionColumns,
                                           format: ParquetOutputFormat(options: parquet), targetFileBytes: targetFileBytes, placement: .inPlace)
        do {
            for batch in batches where batch.rowCount > 0 { try writer.write(batch) }
            return try writer.finish()
        } catch {
            writer.abort()
            throw error
        }
    }
}
