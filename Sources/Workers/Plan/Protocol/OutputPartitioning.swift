import Columns

/// How a plan's rows are spread over its partitions, as far as the plan knows — what
/// DataFusion calls output partitioning. An operator above can rely on it instead of
/// shuffling again: rows hash-partitioned on a subset of the group keys already hold every
/// group in one partition.
public enum OutputPartitioning: Sendable, Equatable, CustomStringConvertible {
    /// No promise.
    case unknown
    /// Row r is in the partition a `RepartitionExec` on `columns` into `count` partitions
    /// would send it to (`HashPartitioner` with its default seed), so another input
    /// repartitioned that way lines up partition by partition.
    case hash(columns: [String], count: Int)

    /// The same promise after a projection that renames columns (old name → new name);
    /// unknown when a partition column is not kept.
    public func renamed(_ names: [String: String], keeping schema: Schema) -> OutputPartitioning {
        guard case let .hash(columns, count) = self else { return .unknown }
        let renamed = columns.map { names[$0] ?? $0 }
        return renamed.allSatisfy({ schema.index(of: $0) != nil }) ? .hash(columns: renamed, count: count) : .unknown
    }

    /// True when every row of one value of `keys` is in a single partition.
    public func groups(_ keys: [String], partitionCount: Int) -> Bool {
        if partitionCount <= 1 { return true }
        guard case let .hash(columns, count) = self, count == partitionCount else { return false }
        return !columns.isEmpty && Set(columns).isSubset(of: keys)
    }

    public var description: String {
        switch self {
        case .unknown: "unknown"
        case let .hash(columns, count): "hash [\(columns.joined(separator: ", "))] × \(count)"
        }
    }
}
