/// How a question was understood, in one line: "revenue by channel, 2025 (Jan 2025 –
/// Dec 2025), top 5 by revenue", then the rules applied ("'protien bars' read as
/// 'Protein Bars'").
enum Interpretation {
    static func text(_ query: AskQuery, model: SemanticModel, notes: [String]) -> String {
        func label(_ measure: String) -> String { model.measure(measure)?.label ?? measure }
        var head = query.measures.map(label).joined(separator: " and ")
        let groups = query.groupBy + (query.grain.map { [$0.rawValue] } ?? [])
        if !groups.isEmpty { head += " by " + groups.joined(separator: " and ") }
        var parts = [head]
        for filter in query.filters {
            parts.append((filter.excluded ? "excluding " : "") + filter.dimension + " " + filter.values.joined(separator: filter.excluded ? " and " : " or "))
        }
        if let time = query.time {
            parts.append(time.label == time.range.label ? time.label : "\(time.label) (\(time.range.label))")
        }
        if let comparison = query.comparison {
            func text(_ p: AskQuery.Period) -> String { p.label == p.range.label ? p.label : "\(p.label) (\(p.range.label))" }
            parts.append(text(comparison.current) + " vs " + text(comparison.previous) + ", change in percent")
        }
        if let growth = query.growth { parts.append("growth over the previous \(growth.rawValue) in percent (none after a \(growth.rawValue) without rows)") }
        if query.share { parts.append("share of the total in percent") }
        if let order = query.order {
            let word = order.descending ? "top" : "bottom"
            if query.limit != nil, !query.groupBy.isEmpty { parts.append("rows without a \(query.groupBy.joined(separator: " or ")) left out") }
            parts.append(query.limit.map { "\(word) \($0) by \(label(order.measure))" } ?? "by \(label(order.measure)), \(order.descending ? "highest" : "lowest") first")
        } else if let limit = query.limit {
            parts.append("first \(limit) rows")
        }
        var line = parts.joined(separator: ", ")
        if !notes.isEmpty { line += " [" + notes.joined(separator: "; ") + "]" }
        return line
    }
}

/// A question that is not answered: what was understood, what was not, and questions
/// close to it that can be answered.
public struct Refusal: Error, Sendable, CustomStringConvertible {
    public var question: String
    /// The interpretation of the parts that were understood.
    public var understood: String
    /// Words or phrases not understood.
    public var notUnderstood: [String]
    /// Why the question cannot be answered, when every word was understood.
    public var reason: String?
    /// Two or three questions close to this one that can be answered.
    public var suggestions: [String]

    public var description: String {
        var lines = ["cannot answer: \(question)", "understood: \(understood)"]
        if !notUnderstood.isEmpty { lines.append("not understood: " + notUnderstood.joined(separator: ", ")) }
        if let reason { lines.append("why: \(reason)") }
        if !suggestions.isEmpty {
            lines.append("questions it can answer:")
            lines += suggestions.map { "  \($0)" }
        }
        return lines.joined(separator: "\n")
    }
}

/// Close questions that can be answered: the model's examples that share the most words
/// with the question (and its understood measure), at most three.
enum Suggestions {
    static func close(to question: String, query: AskQuery, model: SemanticModel) -> [String] {
        let words = Set(Words.key(question).map(Words.singular)).subtracting(Vocabulary.fillers)
        let measure = query.measures.first
        let scored = model.examples.enumerated().map { (offset, example) -> (Int, Int, String) in
            let own = Set(Words.key(example.question).map(Words.singular))
            var score = own.intersection(words).count * 2
            if let measure, own.contains(measure) { score += 1 }
            return (score, offset, example.question)
        }
        return scored.sorted { ($0.0, -$0.1) > ($1.0, -$1.1) }.prefix(3).map(\.2)
    }
}
