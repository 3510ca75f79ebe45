import Columns

extension DeltaDataFile {
    /// Longest string bound kept in stats, in code points (delta-spark's default
    /// prefix length). A longer minimum is cut to its prefix (still a lower bound); a
    /// longer maximum becomes its prefix plus U+10FFFF, delta-spark's tie-breaker
    /// (still an upper bound), or is dropped when the next code point is U+10FFFF.
    public static let statsStringPrefix = 32

    /// delta-spark's tie-breaker: the largest code point sorts after any other.
    static let maxTieBreaker = "\u{10FFFF}"

    /// Describes a data file `ParquetWriter` wrote under `tableRoot`, ready for
    /// `DeltaTable.append` and friends: path relative to the root, size, row count
    /// and per-column bounds/null counts typed by the file's schema. Partition
    /// columns are not stored in data files; pass their values here.
    public init(
        parquet info: ParquetFileInfo, tableRoot: String, partitionValues: [String: DeltaValue?] = [:],
        modificationTime: Int64? = nil
    ) throws(DeltaError) {
        var root = tableRoot
        while root.count > 1, root.hasSuffix("/") { root.removeLast() }
        guard info.path.hasPrefix(root + "/") else {
            throw .invalidArgument(table: root, reason: "data file \(info.path) is not inside the table directory")
        }
        var minValues: [String: DeltaValue] = [:], maxValues: [String: DeltaValue] = [:]
        var nullCount: [String: Int64] = [:]
        for (field, stats) in zip(info.schema.fields, info.columns) {
            if let n = stats.nullCount { nullCount[field.name] = n }
            if let lo = stats.min.flatMap({ Self.deltaValue($0, field.type) }), let kept = Self.lowerBound(lo) {
                minValues[field.name] = kept
            }
            if let hi = stats.max.flatMap({ Self.deltaValue($0, field.type) }), let kept = Self.upperBound(hi) {
                maxValues[field.name] = kept
            }
        }
        self.init(
            path: String(info.path.dropFirst(root.count + 1)), partitionValues: partitionValues, size: info.fileBytes,
            stats: DeltaFileStats(numRecords: info.rowCount, minValues: minValues, maxValues: maxValues, nullCount: nullCount),
            modificationTime: modificationTime
        )
    }

    /// A Parquet bound as the Delta value of the column's type.
    static func deltaValue(_ value: StatisticsValue, _ type: ColumnType) -> DeltaValue? {
        switch (type, value) {
        case let (.int64, .int64(v)): .int64(v)
        case let (.int32, .int32(v)): .int32(v)
        case let (.date, .int32(v)): .date(v)
        case let (.decimal(_, scale), .int64(v)): .decimal(v, scale: scale)
        case let (.decimal(_, scale), .int32(v)): .decimal(Int64(v), scale: scale)
        case let (.double, .double(v)): v.isFinite ? .double(v) : nil
        case let (.bool, .bool(v)): .bool(v)
        case let (.text, .string(v)): .text(v)
        default: nil
        }
    }

    static func lowerBound(_ value: DeltaValue) -> DeltaValue? {
        guard case let .text(s) = value, let cut = prefixEnd(s) else { return value }
        return .text(String(s.unicodeScalars[..<cut]))
    }

    static func upperBound(_ value: DeltaValue) -> DeltaValue? {
        guard case let .text(s) = value, let cut = prefixEnd(s) else { return value }
        // prefix + U+10FFFF exceeds every string that starts with the prefix and goes
        // on with a smaller code point (UTF-8 bytes and code points sort alike).
        guard s.unicodeScalars[cut] != "\u{10FFFF}" else { return nil }
        return .text(String(s.unicodeScalars[..<cut]) + maxTieBreaker)
    }

    /// Where the first `statsStringPrefix` code points of `s` end, nil when that is all of it.
    private static func prefixEnd(_ s: String) -> String.UnicodeScalarView.Index? {
        guard s.utf8.count > statsStringPrefix else { return nil } // at most one code point per byte
        let scalars = s.unicodeScalars
        guard let cut = scalars.index(scalars.startIndex, offsetBy: statsStringPrefix, limitedBy: scalars.endIndex),
              cut != scalars.endIndex else { return nil }
        return cut
    }
}
