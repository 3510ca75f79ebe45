/// A follow-up's context as JSON: a server hands the previous question's ``AskQuery`` to
/// its client and gets it back with the next question. What comes back is untrusted, so
/// months decode only as `yyyy-MM` of years 1…9999, and ``AskQuery/problem(in:)`` checks
/// every name against the model before the query is merged or compiled.

/// A month as `"2025-07"`.
extension Month: Codable {
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].count == 4, parts[1].count == 2,
              let year = Int(parts[0]), let month = Int(parts[1]), (1 ... 9999).contains(year), (1 ... 12).contains(month) else {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: "a month is \"yyyy-MM\", not \"\(text)\"")
        }
        self.init(year: year, month: month)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}

extension AskQuery {
    /// The most rows a query (from a client's context) may ask for.
    static let maxLimit = 1_000_000

    /// Why this query (e.g. a follow-up context sent back by a client) cannot be compiled
    /// against `model`, or nil when every name in it is the model's and its numbers fit.
    public func problem(in model: SemanticModel) -> String? {
        guard !measures.isEmpty else { return "it names no measure" }
        if let name = measures.first(where: { model.measure($0) == nil }) { return "no measure is called '\(name)'" }
        if let name = groupBy.first(where: { model.dimension($0) == nil }) { return "no dimension is called '\(name)'" }
        for filter in filters {
            guard model.dimension(filter.dimension) != nil else { return "no dimension is called '\(filter.dimension)'" }
            guard !filter.values.isEmpty else { return "the filter on '\(filter.dimension)' has no values" }
        }
        for grain in [grain, growth].compactMap({ $0 }) where model.grain(grain.rawValue) == nil {
            return "the model has no '\(grain.rawValue)' grain"
        }
        let ranges = [time?.range, comparison?.current.range, comparison?.previous.range].compactMap { $0 }
        if ranges.contains(where: { $0.first > $0.last }) { return "a period ends before it starts" }
        if let order, model.measure(order.measure) == nil { return "no measure is called '\(order.measure)'" }
        if let limit, !(1 ... Self.maxLimit).contains(limit) { return "a limit of \(limit) is not within 1…\(Self.maxLimit)" }
        return nil
    }
}
