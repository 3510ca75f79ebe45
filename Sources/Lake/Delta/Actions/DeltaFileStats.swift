import Columns

/// Per-file statistics, the typed form of an `add` action's `stats` JSON string.
/// Columns missing from `minValues`/`maxValues` simply have no bound (all NULL,
/// a non-finite double, or a writer that did not collect them).
public struct DeltaFileStats: Sendable, Hashable {
    public var numRecords: Int64
    public var minValues: [String: DeltaValue]
    public var maxValues: [String: DeltaValue]
    public var nullCount: [String: Int64]

    public init(
        numRecords: Int64,
        minValues: [String: DeltaValue] = [:],
        maxValues: [String: DeltaValue] = [:],
        nullCount: [String: Int64] = [:]
    ) {
        self.numRecords = numRecords
        self.minValues = minValues
        self.maxValues = maxValues
        self.nullCount = nullCount
    }

    /// The JSON text stored in `add.stats`.
    public func jsonString() -> String {
        var object: [String: DeltaJSON] = ["numRecords": .number(String(numRecords))]
        object["minValues"] = .object(minValues.compactMapValues(\.statJSON))
        object["maxValues"] = .object(maxValues.compactMapValues(\.statJSON))
        object["nullCount"] = .object(nullCount.mapValues { .number(String($0)) })
        return DeltaJSON.object(object).serialized()
    }

    /// Reads `add.stats`, typing each bound by the column's type in `schema`.
    /// Bounds for unknown columns or nested (struct) stats are dropped, not
    /// errors: they are optional hints that other writers shape differently.
    public init(json: String, schema: Schema) throws(DeltaJSON.ParseError) {
        let root = try DeltaJSON.parse(json)
        guard case .object = root else { throw DeltaJSON.ParseError(offset: 0, reason: "stats is not an object") }
        guard let records = root["numRecords"]?.int64Value else {
            throw DeltaJSON.ParseError(offset: 0, reason: "stats without numRecords")
        }
        numRecords = records
        var types: [String: ColumnType] = [:]
        for field in schema.fields { types[field.name] = field.type }
        func bounds(_ key: String) -> [String: DeltaValue] {
            guard case let .object(members)? = root[key] else { return [:] }
            var out: [String: DeltaValue] = [:]
            for (column, value) in members {
                if let type = types[column], let typed = DeltaValue.fromStat(value, as: type) { out[column] = typed }
            }
            return out
        }
        minValues = bounds("minValues")
        maxValues = bounds("maxValues")
        var nulls: [String: Int64] = [:]
        if case let .object(members)? = root["nullCount"] {
            for (column, value) in members { if let n = value.int64Value { nulls[column] = n } }
        }
        nullCount = nulls
    }
}

extension DeltaFileStats {
    /// `column`'s bounds in the form row-group skipping compares (`StatisticsPredicate`);
    /// nil when the file records none. Text bounds are left out: other writers truncate
    /// long strings in `maxValues`, so a text bound is not a proof.
    public func statistics(for column: String) -> ColumnStatistics? {
        func bound(_ value: DeltaValue?) -> StatisticsValue? {
            switch value {
            case let .int64(v)?: .int64(v)
            case let .int32(v)?: .int32(v)
            case let .date(days)?: .int32(days)
            case let .decimal(unscaled, _)?: .int64(unscaled)
            case let .double(d)?: .double(d)
            case let .bool(b)?: .bool(b)
            case .text?, nil: nil
            }
        }
        let low = bound(minValues[column]), high = bound(maxValues[column])
        guard low != nil || high != nil || nullCount[column] != nil else { return nil }
        return ColumnStatistics(min: low, max: high, nullCount: nullCount[column], valueCount: numRecords)
    }

    /// False only when the stats prove no row of the file satisfies `predicate`.
    public func mightMatch(_ predicate: StatisticsPredicate) -> Bool {
        predicate.mightMatch { statistics(for: $0) }
    }
}
