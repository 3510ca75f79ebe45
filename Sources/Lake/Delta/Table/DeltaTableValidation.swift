import Columns

/// Checks on caller input before anything is written: a bad file descriptor
/// must fail the commit, not produce a log other readers choke on.
extension DeltaTable {
    func validate(schema: Schema, partitionColumns: [String]) throws(DeltaError) {
        guard !schema.fields.isEmpty else { throw .invalidArgument(table: path, reason: "schema has no columns") }
        var seen = Set<String>()
        for field in schema.fields {
            // Delta column names are case-insensitively unique.
            guard seen.insert(field.name.lowercased()).inserted else {
                throw .invalidArgument(table: path, reason: "column \(field.name) appears twice (names are case-insensitive)")
            }
            if case let .decimal(p, s) = field.type, !(1...18).contains(p) || !(0...p).contains(s) {
                throw .invalidArgument(table: path, reason: "column \(field.name): decimal(\(p),\(s)) is out of range (precision 1...18)")
            }
        }
        for column in partitionColumns where schema.index(of: column) == nil {
            throw .invalidArgument(table: path, reason: "partition column \(column) is not in the schema")
        }
        guard Set(partitionColumns).count == partitionColumns.count else {
            throw .invalidArgument(table: path, reason: "partition columns repeat: \(partitionColumns)")
        }
        guard partitionColumns.count < schema.count else {
            throw .invalidArgument(table: path, reason: "every column is a partition column; data files would be empty")
        }
    }

    func validate(files: [DeltaDataFile], schema: Schema, partitionColumns: [String]) throws(DeltaError) {
        var paths = Set<String>()
        for file in files {
            let components = file.path.split(separator: "/", omittingEmptySubsequences: false)
            guard !file.path.isEmpty, !file.path.hasPrefix("/"),
                  components.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else {
                throw .invalidArgument(table: path, reason: "data file path \(file.path) must be relative, without . or .. parts")
            }
            // The protocol keeps data files out of hidden directories; vacuum skips them.
            guard let first = components.first, !first.hasPrefix("_"), !first.hasPrefix(".") else {
                throw .invalidArgument(table: path, reason: "data file \(file.path) is in a hidden directory")
            }
            guard paths.insert(file.path).inserted else {
                throw .invalidArgument(table: path, reason: "data file \(file.path) is listed twice")
            }
            guard file.size >= 0, file.stats.numRecords >= 0 else {
                throw .invalidArgument(table: path, reason: "data file \(file.path) has a negative size or row count")
            }
            guard Set(file.partitionValues.keys) == Set(partitionColumns) else {
                throw .invalidArgument(table: path, reason: "data file \(file.path) has partition values for "
                    + "\(file.partitionValues.keys.sorted()), the table is partitioned by \(partitionColumns)")
            }
            for (column, value) in file.partitionValues {
                guard let value else { continue }
                guard let index = schema.index(of: column), value.fits(schema.fields[index].type) else {
                    throw .invalidArgument(table: path, reason: "data file \(file.path): partition value \(value) does not fit column \(column)")
                }
            }
        }
    }
}

extension DeltaValue {
    /// Whether this value can be stored in a column of `type`.
    func fits(_ type: ColumnType) -> Bool {
        switch (self, type) {
        case (.text, .text), (.int64, .int64), (.int32, .int32), (.date, .date), (.double, .double), (.bool, .bool):
            true
        case let (.decimal(_, scale), .decimal(_, columnScale)):
            scale == columnScale
        default:
            false
        }
    }
}
