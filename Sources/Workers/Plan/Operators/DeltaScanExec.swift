import Lake
import Columns

/// Reads a Delta table (at its latest or a pinned version): only `columns`, only the files
/// whose partition values `partitions` accepts and whose `add` stats do not rule out
/// `rowGroups` (pruning from the log alone), and in them only the row groups whose
/// statistics do not rule it out either (skipping). The
/// live files are dealt into up to `targetPartitions` groups of about equal bytes, one
/// output partition each, read one row group (one batch) at a time.
public final class DeltaScanExec: ExecutionPlan {
    public typealias PartitionFilter = @Sendable (DeltaPartitionValues) -> Bool

    public let name = "DeltaScanExec"
    public let path: String
    public let version: Int64
    public let schema: Schema
    public let metrics = OperatorMetrics()
    public let children: [any ExecutionPlan] = []
    private let stored: [String]
    private let groups: [[DeltaAddFile]]
    private let filterText: String
    private let rowGroupPredicate: StatisticsPredicate?
    private let reader: DeltaTableReader
    private let totalFiles: Int

    public init(path: String, version: Int64? = nil, columns: [String]? = nil, partitions: PartitionFilter? = nil,
                partitionFilterText: String = "", rowGroups predicate: StatisticsPredicate? = nil,
                targetPartitions: Int) throws {
        reader = DeltaTableReader(path: path)
        let snapshot = try reader.table.snapshot(version: version)
        (schema, stored) = try reader.projection(snapshot, columns: columns ?? snapshot.schema.fields.map(\.name))
        let files = DeltaTableReader.live(snapshot, partitions: partitions, predicate: predicate)
        groups = Self.deal(files, into: max(1, targetPartitions))
        self.path = path
        self.version = snapshot.version
        filterText = partitionFilterText
        rowGroupPredicate = predicate
        totalFiles = snapshot.files.count
    }

    public var partitionCount: Int { groups.count }
    public var detail: String {
        var text = "\(path) v\(version), \(groups.reduce(0) { $0 + $1.count }) of \(totalFiles) files, "
            + "columns [\(schema.fields.map(\.name).joined(separator: ", "))]"
        if !filterText.isEmpty { text += ", partitions \(filterText)" }
        if let rowGroupPredicate { text += ", row groups \(rowGroupPredicate)" }
        return text
    }

    public func execute(partition: Int, context: TaskContext) throws -> BatchStream {
        try checkedPartition(partition)
        var files = groups[partition][...]
        var current: (reader: ParquetReader, file: DeltaAddFile, groups: ArraySlice<Int>)?
        let reader = reader, schema = schema, stored = stored, predicate = rowGroupPredicate, root = path
        let decodingThreads = max(1, context.workers / max(1, partitionCount))
        return try metered(partition) {
            while true {
                if let open = current, let group = open.groups.first {
                    current?.groups = open.groups.dropFirst()
                    return try reader.readRowGroup(group, of: open.reader, file: open.file, schema: schema, stored: stored)
                }
                guard let file = files.popFirst() else { return nil }
                // Columns decoded in parallel only where partitions leave workers idle.
                let parquet = try ParquetReader(path: root + "/" + file.relativePath, decodingThreads: decodingThreads)
                current = (parquet, file, DeltaTableReader.rowGroups(of: parquet, predicate: predicate)[...])
            }
        }
    }

    /// Largest files first onto the lightest group: groups of about equal bytes; empty
    /// groups dropped (at least one partition, possibly empty).
    static func deal(_ files: [DeltaAddFile], into count: Int) -> [[DeltaAddFile]] {
        var groups = Array(repeating: [DeltaAddFile](), count: min(count, max(1, files.count)))
        var bytes = Array(repeating: Int64(0), count: groups.count)
        for file in files.sorted(by: { ($0.size, $0.path) > ($1.size, $1.path) }) {
            let lightest = bytes.indices.min { bytes[$0] < bytes[$1] } ?? 0
            groups[lightest].append(file)
            bytes[lightest] += file.size
        }
        // Within a group, files in path order (date partitions ascending).
        return groups.map { $0.sorted { $0.path < $1.path } }
    }
}
