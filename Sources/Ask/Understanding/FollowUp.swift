/// A follow-up ("and in 2024?", "only for Retailer", "show it by month") changes the
/// previous question's query: a question that names no measure and starts like a
/// follow-up, or names neither a measure nor a grouping, keeps the previous query and
/// replaces what it names — the time, the filters of the dimensions it names (others
/// stay), the grouping, the ranking.
enum FollowUp {
    static func merge(_ parsed: QuestionParser.Parsed, into previous: AskQuery, model: SemanticModel) -> QuestionParser.Parsed {
        let isFollowUp = !parsed.namedMeasure && (parsed.startsAsFollowUp || !parsed.namedGrouping)
        guard isFollowUp else { return parsed }
        var query = previous
        let new = parsed.query
        if parsed.namedTime {
            query.time = new.time
            query.comparison = new.comparison
        }
        for filter in new.filters {
            query.filters.removeAll { $0.dimension == filter.dimension }
            query.filters.append(filter)
        }
        if parsed.namedGrouping {
            query.groupBy = new.groupBy
            query.grain = new.grain
            query.growth = new.growth
            if query.comparison != nil, query.grain != nil { query.comparison = nil }
        }
        if new.share { query.share = true }
        if parsed.namedRanking {
            query.order = new.order.map { AskQuery.Order(measure: parsed.namedMeasure ? $0.measure : query.measures[0], descending: $0.descending) }
            query.limit = new.limit
        } else if parsed.namedGrouping, query.order != nil, query.groupBy.isEmpty, query.grain != nil {
            // "show it by month" after a ranking: the months in order, all of them.
            query.order = nil
            query.limit = nil
        }
        if query.grain != nil, query.groupBy.isEmpty, !parsed.namedRanking { query.order = nil; query.limit = nil }
        var notes = parsed.notes
        notes.append("follow-up of: \(Interpretation.text(previous, model: model, notes: []))")
        return QuestionParser.Parsed(query: query, notes: notes, namedMeasure: true, namedGrouping: true,
                                     namedTime: true, namedRanking: true, startsAsFollowUp: false)
    }
}
