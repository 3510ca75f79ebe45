import SQLSyntax

/// Every phrase the parser knows — the model's measure, dimension and grain words, the
/// data's values, the vocabulary of ranking, comparison and time — keyed by its words,
/// and by its words' singulars (so "protein bar" finds "Protein Bars").
struct Lexicon: Sendable {
    struct Entry: Sendable {
        var key: String
        var meanings: [Meaning]
        /// The phrase as written in the model or the data (for corrections).
        var display: String
    }

    private(set) var exact: [String: Entry] = [:]
    private(set) var singular: [String: Entry] = [:]
    private(set) var longest = 1

    init(model: SemanticModel, index: ValueIndex) {
        for (phrase, keyword) in Vocabulary.keywords { add(phrase, .keyword(keyword)) }
        for (i, name) in Vocabulary.months.enumerated() { add(name, .month(i + 1)) }
        for (i, name) in Vocabulary.monthAbbreviations.enumerated() where name != "may" { add(name, .month(i + 1)) }
        add("sept", .month(9))
        for q in 1 ... 4 { add("q\(q)", .quarter(q)) }
        for measure in model.measures {
            for word in [measure.name] + measure.synonyms + (measure.label.map { [$0] } ?? []) { add(word, .measure(measure.name)) }
        }
        for dimension in model.dimensions {
            for word in [dimension.name] + dimension.synonyms { add(word, .dimension(dimension.name)) }
        }
        for grain in model.time.grains {
            for word in [grain.name] + grain.synonyms { add(word, .grain(grain.name)) }
        }
        // Values last: a value spelled like a model word or a keyword is reached through
        // its dimension ("channel Direct") only when it has a word of its own.
        for dimension in model.dimensions {
            for value in index.values[dimension.name] ?? [] where Self.isAskable(value) {
                add(value, .value([DimensionValue(dimension: dimension.name, value: value)]))
            }
        }
    }

    /// Values of one character, or of numbers and single letters only ("M", "3000",
    /// "2 m"), would catch words of ordinary questions; they are not looked up.
    static func isAskable(_ value: String) -> Bool {
        let words = Words.key(value)
        return !words.isEmpty && !words.allSatisfy { $0.count <= 1 || $0.allSatisfy(\.isNumber) }
    }

    private mutating func add(_ phrase: String, _ meaning: Meaning) {
        let words = Words.key(phrase)
        guard !words.isEmpty else { return }
        longest = max(longest, words.count)
        let key = words.joined(separator: " ")
        let singularKey = words.map(Words.singular).joined(separator: " ")
        exact[key] = Self.merged(exact[key], meaning, key: key, display: phrase)
        singular[singularKey] = Self.merged(singular[singularKey], meaning, key: singularKey, display: phrase)
    }

    /// Meanings of one phrase: a measure word that is also a dimension word is either; a
    /// value beside a model word or keyword is dropped (the word wins); values of several
    /// dimensions are kept in the model's order.
    private static func merged(_ entry: Entry?, _ meaning: Meaning, key: String, display: String) -> Entry {
        guard var entry else { return Entry(key: key, meanings: [meaning], display: display) }
        switch (entry.meanings.first, meaning) {
        case let (.value(existing)?, .value(more)):
            let added = more.filter { !existing.contains($0) }
            entry.meanings = [.value(existing + added)]
        case (_?, .value): break
        case let (.measure(m)?, .dimension(d)), let (.dimension(d)?, .measure(m)):
            entry.meanings = [.measureOrDimension(measure: m, dimension: d)]
        case (.value?, _):
            entry.meanings = [meaning]
            entry.display = display
        default:
            if !entry.meanings.contains(meaning) { entry.meanings.append(meaning) }
        }
        return entry
    }

    /// The longest phrase starting at `start`: exact words first, then singulars.
    func match(_ words: [Word], at start: Int) -> (length: Int, entry: Entry)? {
        let upper = min(longest, words.count - start)
        guard upper >= 1 else { return nil }
        for length in stride(from: upper, through: 1, by: -1) {
            let slice = words[start ..< start + length].map(\.text)
            if let entry = exact[slice.joined(separator: " ")] { return (length, entry) }
            if let entry = singular[slice.map(Words.singular).joined(separator: " ")] { return (length, entry) }
        }
        return nil
    }

    /// The phrases within the near-miss threshold of `text` (by singular keys), the
    /// closest first; several at the same distance mean the near miss is ambiguous.
    func nearest(_ text: String) -> (distance: Int, entries: [Entry])? {
        let target = Words.key(text).map(Words.singular).joined(separator: " ")
        let limit = EditDistance.threshold(forLength: target.count)
        guard limit > 0 else { return nil }
        var best = limit + 1
        var found: [Entry] = []
        for (key, entry) in singular where key.count >= 5 {
            let distance = EditDistance.between(target, key, limit: min(limit, best))
            if distance < best {
                best = distance
                found = [entry]
            } else if distance == best, distance <= limit, !found.contains(where: { $0.key == entry.key }) {
                found.append(entry)
            }
        }
        return found.isEmpty ? nil : (best, found)
    }
}
