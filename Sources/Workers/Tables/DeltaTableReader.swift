import Lake
import Columns
import Partition

/// Reads a Delta table's live rows (at the latest or a given version) as batches in
/// the table's schema order, partition columns filled in from each file's values.
public struct DeltaTableReader: Sendable {
    public let table: DeltaTable

    public init(path: String) { table = DeltaTable(path: path) }

    /// One batch per row group of every live file (of the partitions `partitions` accepts).
    public func read(version: Int64? = nil, columns: [String]? = nil,
                     partitions: ((DeltaPartitionValues) -> Bool)? = nil) throws -> (schema: Schema, batches: [RecordBatch]) {
        let snapshot = try table.snapshot(version: version)
        let (schema, stored) = try projection(snapshot, columns: columns ?? snapshot.schema.fields.map(\.name))
        var batches: [RecordBatch] = []
        for file in snapshot.files where partitions?(file.partitionValues) ?? true {
            batches += try readFile(file, schema: schema, stored: stored)
        }
        return (schema, batches)
    }

    /// Reads the live files (of the partitions `partitions` accepts) with up to `workers`
    /// tasks, one file per task, handing each file's batches to `body`; the results in
    /// file order. For scans that reduce as they read (keys, partial aggregates). Files
    /// and row groups whose statistics rule out `predicate` are not read.
    public func readParallel<T: Sendable>(
        columns: [String], partitions: (@Sendable (DeltaPartitionValues) -> Bool)? = nil,
        rowGroups predicate: StatisticsPredicate? = nil, workers: Int,
        _ body: @escaping @Sendable ([RecordBatch]) throws -> T
    ) async throws -> [T] {
        let snapshot = try table.snapshot()
        let (schema, stored) = try projection(snapshot, columns: columns)
        let files = Self.live(snapshot, partitions: partitions, predicate: predicate)
        // Columns decoded in parallel only where there are fewer files than workers.
        let threads = max(1, workers / max(1, files.count))
        return try await parallelMap(files, workers: workers) { file in
            try body(self.readFile(file, schema: schema, stored: stored, predicate: predicate, decodingThreads: threads))
        }
    }

    /// The live files of the partitions `partitions` accepts whose `add` stats do not rule
    /// out `predicate` (a file without stats is kept).
    static func live(_ snapshot: DeltaSnapshot, partitions: ((DeltaPartitionValues) -> Bool)?,
                     predicate: StatisticsPredicate?) -> [DeltaAddFile] {
        snapshot.files.filter { file in
            guard partitions?(file.partitionValues) ?? true else { return false }
            guard let predicate else { return true }
            return file.parsedStats(schema: snapshot.schema)?.mightMatch(predicate) ?? true
        }
    }

    /// The schema of `columns` and which of them are stored in the files (the rest are
    /// partition columns).
    func projection(_ snapshot: DeltaSnapshot, columns: [String]) throws -> (Schema, [String]) {
        let fields = try columns.map { name in
            guard let field = snapshot.schema.fields.first(where: { $0.name == name }) else {
                throw OutputError.unknownPartitionColumn(name)
            }
            return field
        }
        return (Schema(fields), fields.filter { !snapshot.partitionColumns.contains($0.name) }.map(\.name))
    }

    /// One batch per row group of `file` (those `predicate` does not rule out): its
    /// `stored` columns plus the partition columns.
    private func readFile(_ file: DeltaAddFile, schema: Schema, stored: [String],
                          predicate: StatisticsPredicate? = nil, decodingThreads: Int = 0) throws -> [RecordBatch] {
        let reader = try ParquetReader(path: table.path + "/" + file.relativePath, decodingThreads: decodingThreads)
        return try Self.rowGroups(of: reader, predicate: predicate).map {
            try readRowGroup($0, of: reader, file: file, schema: schema, stored: stored)
        }
    }

    /// The row groups of `reader` that `predicate` does not rule out by their statistics
    /// (a column the file lacks rules nothing out).
    static func rowGroups(of reader: ParquetReader, predicate: StatisticsPredicate?) -> [Int] {
        guard let predicate, predicate.columns.allSatisfy({ reader.schema.index(of: $0) != nil }) else {
            return Array(reader.rowGroups.indices)
        }
        return reader.rowGroups(matching: predicate)
    }

    /// Row group `group` of `file`: its `stored` columns plus the partition columns.
    func readRowGroup(_ group: Int, of reader: ParquetReader, file: DeltaAddFile, schema: Schema,
                      stored: [String]) throws -> RecordBatch {
        // A file written before a column was added to the table lacks it: `assemble`
        // reads such a column as NULL (Delta schema evolution).
        let present = stored.filter { reader.schema.index(of: $0) != nil }
        return try assemble(reader.readRowGroup(group, columns: present), schema: schema, partitionValues: file.partitionValues)
    }

    /// The file's columns plus constant partition columns (and NULL for a column the
    /// file predates), in `schema` order.
    func assemble(_ part: RecordBatch, schema: Schema, partitionValues: DeltaPartitionValues) throws -> RecordBatch {
        let columns: [Column] = try schema.fields.map { field in
            if let i = part.schema.index(of: field.name) { return part.columns[i] }
            // The value is parsed once, then repeated: a partition column is constant per file.
            var builder = ColumnBuilder(type: field.type, reservingRows: 1)
            if let text = partitionValues[field.name] ?? nil {
                let ok = Array(text.utf8).withUnsafeBytes { builder.append($0) }
                if !ok { throw OutputError.io(path: table.path, reason: "partition value '\(text)' is not a valid \(field.type) for \(field.name)") }
            } else {
                builder.appendNull()
            }
            return builder.finish().repeatingFirstRow(part.rowCount)
        }
        return RecordBatch(schema: schema, columns: columns)
    }
}
