/// A type as written in `CAST(x AS type)` or `x::type`, synonyms resolved
/// (`INTEGER` is `.int`, `LONG` is `.bigint`).
public struct DataTypeName: Sendable, Hashable {
    public indirect enum Kind: Sendable, Hashable {
        case boolean
        case tinyint
        case smallint
        case int
        case bigint
        case float
        case double
        /// `DECIMAL`, `DECIMAL(p)`, `DECIMAL(p, s)` as written; Spark's defaults (10, 0)
        /// are left to the planner.
        case decimal(precision: Int?, scale: Int?)
        case string
        case char(length: Int)
        case varchar(length: Int)
        case binary
        case date
        case timestamp
        case timestampNTZ
        case timestampLTZ
        case void
        /// `INTERVAL YEAR TO MONTH`, `INTERVAL DAY`, …
        case interval(from: IntervalUnit, to: IntervalUnit?)
        case array(DataTypeName)
        case map(key: DataTypeName, value: DataTypeName)
        case `struct`([StructField])
    }

    public var kind: Kind
    @IgnoredInComparison public var location: SourceLocation

    public init(_ kind: Kind, at location: SourceLocation = .unknown) {
        self.kind = kind
        self.location = location
    }
}

/// One field of `STRUCT<name: type [NOT NULL] [COMMENT '…'], …>`.
public struct StructField: Sendable, Hashable {
    public var name: Identifier
    public var type: DataTypeName
    public var isNullable: Bool
    public var comment: String?

    public init(name: Identifier, type: DataTypeName, isNullable: Bool = true, comment: String? = nil) {
        self.name = name
        self.type = type
        self.isNullable = isNullable
        self.comment = comment
    }
}
