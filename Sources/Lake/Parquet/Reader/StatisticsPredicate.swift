/// A condition on column values that row-group statistics can rule out. Values use
/// the statistics' conventions: DECIMAL as its unscaled `.int64`, DATE as `.int32`
/// days since the epoch, strings compared as UTF-8 bytes. Comparisons are false
/// for NULL, as in SQL.
///
/// `mightMatch` is conservative: it answers false only when the statistics prove
/// no row can satisfy the predicate (missing statistics or mismatched value kinds
/// keep the row group).
public indirect enum StatisticsPredicate: Sendable, Hashable {
    case equal(String, StatisticsValue)
    case lessThan(String, StatisticsValue)
    case lessThanOrEqual(String, StatisticsValue)
    case greaterThan(String, StatisticsValue)
    case greaterThanOrEqual(String, StatisticsValue)
    /// `low <= column <= high`.
    case between(String, StatisticsValue, StatisticsValue)
    case isNull(String)
    case isNotNull(String)
    case and([StatisticsPredicate])
    case or([StatisticsPredicate])

    /// Columns the predicate refers to.
    public var columns: Set<String> {
        switch self {
        case let .equal(c, _), let .lessThan(c, _), let .lessThanOrEqual(c, _), let .greaterThan(c, _),
             let .greaterThanOrEqual(c, _), let .between(c, _, _), let .isNull(c), let .isNotNull(c):
            return [c]
        case let .and(ps), let .or(ps):
            return ps.reduce(into: Set<String>()) { $0.formUnion($1.columns) }
        }
    }

    /// Whether rows described by `statistics` (looked up by column name) might
    /// satisfy the predicate.
    public func mightMatch(_ statistics: (String) -> ColumnStatistics?) -> Bool {
        switch self {
        case let .and(ps): return ps.allSatisfy { $0.mightMatch(statistics) }
        case let .or(ps): return ps.contains { $0.mightMatch(statistics) }
        case let .isNull(c):
            guard let s = statistics(c), let nulls = s.nullCount else { return true }
            return nulls > 0
        case let .isNotNull(c):
            guard let s = statistics(c), let nulls = s.nullCount else { return true }
            return nulls < s.valueCount
        case let .equal(c, v):
            return compare(c, statistics) { min, max in Self.atMost(min, v) && Self.atLeast(max, v) }
        case let .lessThan(c, v):
            return compare(c, statistics) { min, _ in Self.below(min, v) }
        case let .lessThanOrEqual(c, v):
            return compare(c, statistics) { min, _ in Self.atMost(min, v) }
        case let .greaterThan(c, v):
            return compare(c, statistics) { _, max in Self.above(max, v) }
        case let .greaterThanOrEqual(c, v):
            return compare(c, statistics) { _, max in Self.atLeast(max, v) }
        case let .between(c, low, high):
            return compare(c, statistics) { min, max in Self.atMost(min, high) && Self.atLeast(max, low) }
        }
    }

    // Bound tests. An unknown bound or an incomparable pair (other value kind, NaN)
    // answers true: only proof excludes a row group.
    private static func below(_ bound: StatisticsValue?, _ v: StatisticsValue) -> Bool {
        guard let bound, let order = bound.compare(v) else { return true }
        return order == .less
    }

    private static func atMost(_ bound: StatisticsValue?, _ v: StatisticsValue) -> Bool {
        guard let bound, let order = bound.compare(v) else { return true }
        return order != .greater
    }

    private static func above(_ bound: StatisticsValue?, _ v: StatisticsValue) -> Bool {
        guard let bound, let order = bound.compare(v) else { return true }
        return order == .greater
    }

    private static func atLeast(_ bound: StatisticsValue?, _ v: StatisticsValue) -> Bool {
        guard let bound, let order = bound.compare(v) else { return true }
        return order != .less
    }

    /// Comparisons need a non-NULL value; then `test` decides from the bounds.
    private func compare(_ column: String, _ statistics: (String) -> ColumnStatistics?,
                         _ test: (StatisticsValue?, StatisticsValue?) -> Bool) -> Bool {
        guard let s = statistics(column) else { return true }
        if let nulls = s.nullCount, nulls >= s.valueCount { return false }
        return test(s.min, s.max)
    }
}
