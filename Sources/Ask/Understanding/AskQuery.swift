/// The intermediate query a question is parsed into, before SQL: what to measure, how to
/// group, which rows, which months, and how to order. ``description`` is its canonical
/// one-line text (the golden tests compare it).
public struct AskQuery: Sendable, Equatable, Codable, CustomStringConvertible {
    public enum Grain: String, Sendable, Equatable, Codable { case month, quarter, year }

    public struct Filter: Sendable, Equatable, Codable {
        public var dimension: String
        public var values: [String]
        /// "excluding X": rows whose value is not among `values` (NULL included).
        public var excluded: Bool
    }

    /// Two periods side by side ("2025 vs 2024").
    public struct Comparison: Sendable, Equatable, Codable {
        public var current: Period
        public var previous: Period
    }

    public struct Period: Sendable, Equatable, Codable {
        public var label: String
        public var range: MonthRange
    }

    public struct Order: Sendable, Equatable, Codable {
        public var measure: String
        public var descending: Bool
    }

    public var measures: [String] = []
    /// Dimensions grouped by, in the question's order.
    public var groupBy: [String] = []
    /// Time grouped by.
    public var grain: Grain?
    public var filters: [Filter] = []
    public var time: Period?
    public var comparison: Comparison?
    /// Change from the previous period of this grain, in percent.
    public var growth: Grain?
    /// Each row's part of the total, in percent.
    public var share = false
    /// A ranking ("top 5 by revenue"); nil: rows in their natural order.
    public var order: Order?
    public var limit: Int?

    public init() {}

    public var description: String {
        var parts = ["measures=" + measures.joined(separator: ",")]
        if !groupBy.isEmpty { parts.append("by=" + groupBy.joined(separator: ",")) }
        if let grain { parts.append("grain=\(grain.rawValue)") }
        for filter in filters {
            parts.append((filter.excluded ? "exclude " : "filter ") + filter.dimension + "=" + filter.values.joined(separator: "|"))
        }
        if let time { parts.append("time=\(time.range)") }
        if let comparison { parts.append("compare=\(comparison.current.range)~\(comparison.previous.range)") }
        if let growth { parts.append("growth=\(growth.rawValue)") }
        if share { parts.append("share") }
        if let order { parts.append("order=\(order.measure) " + (order.descending ? "desc" : "asc")) }
        if let limit { parts.append("limit=\(limit)") }
        return parts.joined(separator: " ")
    }
}
