/// The write operations built on `commit`: append, overwrite, partition replace.
extension DeltaTable {
    /// Adds files; a blind append, so it commutes with concurrent appends and
    /// partition replaces.
    @discardableResult
    public func append(_ files: [DeltaDataFile], metrics: [String: String] = [:]) throws(DeltaError) -> DeltaCommitResult {
        try perform(.append(files), metrics: metrics)
    }

    /// Replaces the table's contents: removes every live file, adds `files`.
    @discardableResult
    public func overwrite(with files: [DeltaDataFile], metrics: [String: String] = [:]) throws(DeltaError) -> DeltaCommitResult {
        try perform(.overwrite(files), metrics: metrics)
    }

    /// Atomically replaces the given partitions: one commit removes every live
    /// file whose partition values match a spec and adds `files`, each of which
    /// must itself lie in one of the specs. A spec may name a subset of the
    /// partition columns (e.g. just the date of a date/region table).
    @discardableResult
    public func replacePartitions(
        _ partitions: [[String: DeltaValue?]], with files: [DeltaDataFile], metrics: [String: String] = [:]
    ) throws(DeltaError) -> DeltaCommitResult {
        try perform(.replacePartitions(partitions, with: files), metrics: metrics)
    }

    func perform(_ write: DeltaWrite, metrics: [String: String]) throws(DeltaError) -> DeltaCommitResult {
        let base = try snapshot()
        let plan = try plan(write, on: base)
        return try commit(on: base, adds: plan.adds, removes: plan.removes, operation: plan.operation,
                          metrics: metrics, readScope: plan.scope)
    }

    /// What `write` adds and removes against `base`, and what it read.
    func plan(_ write: DeltaWrite, on base: DeltaSnapshot) throws(DeltaError) -> DeltaWritePlan {
        let now = deltaNowMillis()
        switch write {
        case let .append(files):
            return DeltaWritePlan(adds: files, removes: [], scope: .nothing,
                                  operation: .write(mode: "Append", partitionBy: base.partitionColumns))
        case let .overwrite(files):
            return DeltaWritePlan(adds: files, removes: base.files.map { $0.removal(at: now) }, scope: .wholeTable,
                                  operation: .write(mode: "Overwrite", partitionBy: base.partitionColumns))
        case let .replacePartitions(partitions, files):
            return try planReplace(partitions, files: files, base: base, now: now)
        }
    }

    private func planReplace(
        _ partitions: [[String: DeltaValue?]], files: [DeltaDataFile], base: DeltaSnapshot, now: Int64
    ) throws(DeltaError) -> DeltaWritePlan {
        guard !partitions.isEmpty else { throw .invalidArgument(table: path, reason: "no partitions to replace") }
        let specs = partitions.map(DeltaPartitionValues.serialize)
        for spec in partitions {
            for (column, value) in spec {
                guard base.partitionColumns.contains(column) else {
                    throw .invalidArgument(table: path, reason: "\(column) is not a partition column of the table")
                }
                if let value, let index = base.schema.index(of: column), !value.fits(base.schema.fields[index].type) {
                    throw .invalidArgument(table: path, reason: "partition value \(value) does not fit column \(column)")
                }
            }
        }
        for file in files {
            let values = DeltaPartitionValues.serialize(file.partitionValues)
            guard specs.contains(where: { values.matches($0) }) else {
                throw .invalidArgument(table: path, reason: "data file \(file.path) lies outside the partitions being replaced")
            }
        }
        let removes = base.files.filter { add in specs.contains { add.partitionValues.matches($0) } }.map { $0.removal(at: now) }
        var parameters = DeltaOperation.write(mode: "Overwrite", partitionBy: base.partitionColumns).parameters
        parameters["replaceWhere"] = specs.map(Self.describe).joined(separator: " OR ")
        return DeltaWritePlan(adds: files, removes: removes, scope: .partitions(specs),
                              operation: DeltaOperation(name: "WRITE", parameters: parameters))
    }

    /// "date = '2024-01-01' AND region IS NULL", for commitInfo.
    static func describe(_ spec: DeltaPartitionValues) -> String {
        let terms = spec.keys.sorted().map { key -> String in
            guard let value = spec[key] ?? nil else { return "\(key) IS NULL" }
            return "\(key) = '\(value)'"
        }
        return terms.count > 1 ? "(" + terms.joined(separator: " AND ") + ")" : terms.joined()
    }
}

/// A data write, described before it is committed or prepared.
public enum DeltaWrite: Sendable {
    case append([DeltaDataFile])
    /// Replace every live file.
    case overwrite([DeltaDataFile])
    /// Replace the live files of these partitions (see `replacePartitions`).
    case replacePartitions([[String: DeltaValue?]], with: [DeltaDataFile])
}

/// A write resolved against a snapshot: the actions and what the transaction read.
struct DeltaWritePlan {
    var adds: [DeltaDataFile]
    var removes: [DeltaRemoveFile]
    var scope: DeltaReadScope
    var operation: DeltaOperation
}
