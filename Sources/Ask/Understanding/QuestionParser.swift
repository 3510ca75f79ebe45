/// The rules that turn a question's phrases into an ``AskQuery``. Deterministic: every
/// phrase has one reading given its neighbours, and a question with words left over,
/// or asking for something the rules cannot express, is refused (``Refusal``) rather
/// than answered approximately.
struct QuestionParser {
    let model: SemanticModel
    let index: ValueIndex
    let lexicon: Lexicon

    /// The query, and what the interpretation must say about how it was read (the
    /// ambiguity rules applied, near misses corrected, defaults taken).
    struct Parsed {
        var query: AskQuery
        var notes: [String]
        /// Whether the question named a measure, a grouping, a time (for follow-ups).
        var namedMeasure: Bool
        var namedGrouping: Bool
        var namedTime: Bool
        var namedRanking: Bool
        var startsAsFollowUp: Bool
    }

    func parse(_ question: String) -> Result<Parsed, Refusal> {
        let reading = Reading(question, lexicon: lexicon)
        var notes = reading.corrections.map { "'\($0.typed)' read as '\($0.taken)'" }
        var notUnderstood = reading.unknown
        for near in reading.ambiguous {
            notUnderstood.append("'\(near.typed)' (as close to \(near.candidates.map { "'\($0)'" }.joined(separator: " as ")))")
        }
        let items = reading.items
        if items.isEmpty, notUnderstood.isEmpty {
            return .failure(Refusal(question: question, understood: "nothing", notUnderstood: [],
                                    reason: "the question names no measure, grouping, value or time",
                                    suggestions: Suggestions.close(to: question, query: AskQuery(), model: model)))
        }
        var query = AskQuery()
        var used = Set<Int>()

        // Time first: its words ("last month", "Q3") are not groupings.
        let times = TimeExpressions(latest: index.latestMonth).find(in: items)
        for found in times { used.formUnion(found.items) }
        var versusAt: Int?
        for (k, item) in items.enumerated() where item.meaning == .keyword(.versus) { versusAt = k }
        switch times.count {
        case 0: break
        case 1: query.time = times[0].period
        case 2:
            query.comparison = AskQuery.Comparison(current: times[0].period, previous: times[1].period)
            if let v = versusAt, times[0].items.upperBound < v, v < times[1].items.lowerBound { used.insert(v) }
        default:
            return .failure(refusal(question, query, notes, notUnderstood + ["more than two time periods"]))
        }

        var groupWords: [(dimension: String?, grain: String?, singular: Bool)] = []
        var rankDirection: Bool?  // true: descending
        var rankCount: Int?
        var orderMeasure: String?
        var valuesMentioned: [(values: [DimensionValue], excluded: Bool, at: Int)] = []
        var qualifiers: Set<String> = []
        var growth: AskQuery.Grain?
        var sawGrowth = false, sawTrend = false
        var namedRanking = false
        /// Items read as a grouping dimension although they can name a measure ("top products").
        var groupedAt: Set<Int> = []

        func previous(_ k: Int) -> Meaning? {
            var j = k - 1
            while j >= 0, used.contains(j) { j -= 1 }
            return j >= 0 ? items[j].meaning : nil
        }
        func next(_ k: Int) -> Meaning? { k + 1 < items.count ? items[k + 1].meaning : nil }
        func groupingContext(_ k: Int) -> Bool {
            switch previous(k) {
            // "the most customers" is the measure; "top customers", "which customers", "by customer" the dimension.
            // "top 3 divisions by customers": after a ranked grouping, "by" names the measure.
            case .keyword(.by)?: return rankDirection == nil || groupWords.isEmpty
            case .keyword(.which)?, .keyword(.top)?, .keyword(.bottom)?, .number?: return true
            default:
                if case .keyword(.by)? = next(k), k + 2 < items.count, case .measure = items[k + 2].meaning { return true }
                return false
            }
        }

        for (k, item) in items.enumerated() where !used.contains(k) {
            switch item.meaning {
            case let .measure(m):
                // "number of products sold", "customers sold to": "sold" only says what was
                // counted. After a grouping ("top products sold") it is the measure: units.
                if item.text.lowercased() == "sold", k > 0, Self.isMeasure(items[k - 1].meaning), !groupedAt.contains(k - 1) { continue }
                if case .keyword(.by)? = previous(k) { orderMeasure = m }
                if !query.measures.contains(m) { query.measures.append(m) }
            case let .measureOrDimension(m, d):
                if groupingContext(k) {
                    groupWords.append((d, nil, item.singularWord))
                    groupedAt.insert(k)
                } else if !query.measures.contains(m) {
                    if case .keyword(.by)? = previous(k) { orderMeasure = m }
                    query.measures.append(m)
                }
            case let .dimension(d):
                // "category Football", "Football category": the word says which dimension a value is.
                let neighbours = [previous(k), next(k)].compactMap { $0 }
                if neighbours.contains(where: { if case let .value(vs) = $0 { return vs.contains { $0.dimension == d } } else { return false } }) {
                    qualifiers.insert(d)
                } else {
                    groupWords.append((d, nil, item.singularWord))
                }
            case let .grain(g):
                groupWords.append((nil, g, item.singularWord))
            case let .value(values):
                var excluded = false
                if case .keyword(.excluding)? = previous(k) { excluded = true }
                valuesMentioned.append((values, excluded, k))
            case let .keyword(keyword):
                switch keyword {
                case .top, .bottom:
                    rankDirection = keyword == .top
                    namedRanking = true
                    if case let .number(n)? = next(k) { rankCount = n; used.insert(k + 1) }
                case .highest, .lowest:
                    rankDirection = keyword == .highest
                    namedRanking = true
                case .which: break
                case .share: query.share = true
                case .growth: sawGrowth = true
                case .yearOverYear: sawGrowth = true; growth = .year
                case .monthOverMonth: sawGrowth = true; growth = .month
                case .quarterOverQuarter: sawGrowth = true; growth = .quarter
                case .trend: sawTrend = true
                case .last, .this, .since, .between, .yearToDate:
                    notUnderstood.append(item.text)  // a time word not part of a period we can read
                case .versus, .by, .from, .to, .and, .inPeriod, .excluding, .only, .it, .total: break
                }
            case .number(let n):
                notUnderstood.append("\(n)")
            case .month, .quarter:
                notUnderstood.append(item.text)
            case .filler: break
            }
        }

        // Values become filters; a value of several dimensions takes the one the question
        // names beside it, else the model's first (the interpretation says so).
        var filters: [AskQuery.Filter] = []
        var comparedDimension: String?
        for mention in valuesMentioned {
            guard let chosen = mention.values.first(where: { qualifiers.contains($0.dimension) }) ?? mention.values.first else { continue }
            if mention.values.count > 1 {
                let others = mention.values.filter { $0 != chosen }.map(\.dimension)
                notes.append("'\(chosen.value)' is a \(chosen.dimension) and a \(others.joined(separator: " and a ")); "
                    + (qualifiers.contains(chosen.dimension) ? "taken as the \(chosen.dimension) named" : "taken as the \(chosen.dimension) (the model's first; say '\(others[0]) \(chosen.value)' for the other)"))
            }
            if let at = filters.firstIndex(where: { $0.dimension == chosen.dimension && $0.excluded == mention.excluded }) {
                if !filters[at].values.contains(chosen.value) { filters[at].values.append(chosen.value) }
            } else {
                filters.append(AskQuery.Filter(dimension: chosen.dimension, values: [chosen.value], excluded: mention.excluded))
            }
        }
        query.filters = filters
        if let v = versusAt, !used.contains(v) {
            // "AtliQon vs SportsBar": values of one dimension on both sides.
            guard filters.contains(where: { !$0.excluded && $0.values.count >= 2 }) else {
                return .failure(refusal(question, query, notes, notUnderstood + [items[v].text + " (compare what with what?)"]))
            }
        }
        // "Retailer and Direct", "AtliQon vs SportsBar": several values of one dimension, one row each.
        comparedDimension = filters.first(where: { !$0.excluded && $0.values.count >= 2 })?.dimension

        // Groupings.
        for word in groupWords {
            if let d = word.dimension, !query.groupBy.contains(d) { query.groupBy.append(d) }
            if let g = word.grain {
                if let existing = query.grain, existing.rawValue != g {
                    return .failure(refusal(question, query, notes, notUnderstood + ["two time grains (\(existing.rawValue) and \(g))"]))
                }
                query.grain = AskQuery.Grain(rawValue: g)
            }
        }
        // "AtliQon vs SportsBar": the values side by side, one row each.
        if let d = comparedDimension, query.comparison == nil, !query.groupBy.contains(d) {
            query.groupBy.append(d)
            notes.append("one row per \(d)")
        }

        // Measures.
        let namedMeasure = !query.measures.isEmpty
        if query.measures.isEmpty { query.measures = [model.defaultMeasure] }
        if let m = orderMeasure, !query.measures.contains(m) { query.measures.append(m) }

        // Trend and growth are over time.
        if sawTrend, query.grain == nil { query.grain = .month }
        if sawGrowth, query.comparison == nil {
            let g = growth ?? query.grain ?? .year
            if let grain = query.grain, grain != g {
                return .failure(refusal(question, query, notes, notUnderstood, reason: "growth \(g.rawValue) over \(g.rawValue) cannot be shown by \(grain.rawValue)"))
            }
            query.grain = g
            query.growth = g
        }

        // Ranking.
        let singularGroup = groupWords.last?.singular ?? true
        if let descending = rankDirection {
            query.order = AskQuery.Order(measure: orderMeasure ?? query.measures[0], descending: descending)
            // Without a number: one row for "which channel", "best month"; ten for "top products".
            query.limit = rankCount ?? (singularGroup ? 1 : 10)
        } else if let n = rankCount {
            query.limit = n
        } else if let m = orderMeasure {
            query.order = AskQuery.Order(measure: m, descending: true)
        }

        if !notUnderstood.isEmpty { return .failure(refusal(question, query, notes, notUnderstood)) }
        let firstWord = Words.key(question).first ?? ""
        let startsAsFollowUp = ["and", "by", "per", "what", "how", "only", "now", "show", "same", "but", "just", "also", "then", "excluding", "except", "without"].contains(firstWord)
            && (Words.key(question).count <= 6)
        return .success(Parsed(query: query, notes: notes, namedMeasure: namedMeasure,
                               namedGrouping: !groupWords.isEmpty || sawTrend || sawGrowth,
                               namedTime: !times.isEmpty, namedRanking: namedRanking || rankCount != nil,
                               startsAsFollowUp: startsAsFollowUp))
    }


    /// The checks a whole query must pass (after a follow-up is merged): a ranking or a
    /// share needs groups, shares of ratios and distinct counts do not add up, periods
    /// must hold data.
    func finish(_ parsed: Parsed, question: String) -> Result<Parsed, Refusal> {
        var query = parsed.query
        var notes = parsed.notes
        if query.order != nil || query.limit != nil, query.groupBy.isEmpty, query.grain == nil, query.comparison == nil {
            return .failure(refusal(question, query, notes, [],
                reason: "a ranking needs something to rank: say e.g. 'top 5 products by revenue'"))
        }
        // Shares.
        if query.share {
            if query.groupBy.isEmpty, let filter = query.filters.first(where: { !$0.excluded }) {
                // "share of revenue from Retailer": shares over the filter's dimension, that value's row shown.
                query.groupBy = [filter.dimension]
                notes.append("share of \(filter.values.joined(separator: " and ")) among all \(filter.dimension) values")
            }
            guard !query.groupBy.isEmpty || query.grain != nil else {
                return .failure(refusal(question, query, notes, [], reason: "a share needs parts: say e.g. 'share of revenue by channel'"))
            }
            if let m = query.measures.first(where: { model.measure($0)?.aggregate != .sum && model.measure($0)?.aggregate != .count }) {
                return .failure(refusal(question, query, notes, [],
                    reason: "shares of \(m) do not add up to a whole (it is \(model.measure(m)?.ratio != nil ? "a ratio" : "a distinct count")); ask for shares of revenue or quantity"))
            }
            if query.comparison != nil || query.growth != nil {
                return .failure(refusal(question, query, notes, [], reason: "a share together with a comparison or growth is not supported; ask for one"))
            }
        }
        if query.comparison != nil {
            if let grain = query.grain {
                return .failure(refusal(question, query, notes, [], reason: "a comparison of two periods cannot also be split by \(grain.rawValue)"))
            }
        }

        // Months outside the data.
        for period in [query.time, query.comparison?.current, query.comparison?.previous].compactMap({ $0 }) {
            if period.range.last < index.firstMonth || period.range.first > index.latestMonth {
                return .failure(refusal(question, query, notes, [],
                    reason: "\(period.label) (\(period.range.label)) is outside the data, which holds \(MonthRange(first: index.firstMonth, last: index.latestMonth).label)"))
            }
            if period.range.first < index.firstMonth || period.range.last > index.latestMonth {
                notes.append("the data holds \(MonthRange(first: index.firstMonth, last: index.latestMonth).label) only")
            }
        }

        var finished = parsed
        finished.query = query
        finished.notes = notes
        return .success(finished)
    }

    static func isMeasure(_ meaning: Meaning) -> Bool {
        switch meaning {
        case .measure, .measureOrDimension: return true
        default: return false
        }
    }

    private func refusal(_ question: String, _ query: AskQuery, _ notes: [String], _ notUnderstood: [String], reason: String? = nil) -> Refusal {
        Refusal(question: question,
                understood: Interpretation.text(query, model: model, notes: notes),
                notUnderstood: notUnderstood, reason: reason,
                suggestions: Suggestions.close(to: question, query: query, model: model))
    }
}
