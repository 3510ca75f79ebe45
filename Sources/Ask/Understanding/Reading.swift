/// A recognised phrase of the question.
struct Item: Sendable {
    var meaning: Meaning
    /// The words as typed.
    var text: String
    /// The word was singular ("channel", "product"); for how many rows a ranking shows.
    var singularWord: Bool
}

/// The question read into phrases: every word recognised (exactly, as a singular or
/// plural, or as a near miss), or listed as not understood.
struct Reading: Sendable {
    var items: [Item] = []
    /// Words that are neither a phrase, nor a near miss of one, nor a filler.
    var unknown: [String] = []
    /// Near misses taken as the phrase: ("protien bars", "Protein Bars").
    var corrections: [(typed: String, taken: String)] = []
    /// Near misses equally close to several phrases.
    var ambiguous: [(typed: String, candidates: [String])] = []

    init(_ question: String, lexicon: Lexicon) {
        let words = Words.split(question)
        var position = 0
        var pending: [Word] = []
        func flushUnknown() {
            if !pending.isEmpty { resolveNearMisses(pending, lexicon: lexicon) }
            pending = []
        }
        while position < words.count {
            if let (length, entry) = lexicon.match(words, at: position) {
                flushUnknown()
                let typed = words[position ..< position + length]
                let text = typed.map(\.original).joined(separator: " ")
                let last = typed.last?.text ?? ""
                for meaning in entry.meanings.prefix(1) {
                    items.append(Item(meaning: meaning, text: text, singularWord: Words.singular(last) == last))
                }
                position += length
                continue
            }
            let word = words[position]
            if let number = Int(word.text), word.text.count <= 6 {
                flushUnknown()
                items.append(Item(meaning: .number(number), text: word.original, singularWord: true))
            } else if Vocabulary.fillers.contains(word.text) {
                flushUnknown()
            } else {
                pending.append(word)
            }
            position += 1
        }
        flushUnknown()
    }

    /// A run of unknown words: the longest part that is a near miss of one phrase is
    /// taken (and said), the rest tried again; words left over are not understood.
    private mutating func resolveNearMisses(_ run: [Word], lexicon: Lexicon) {
        var start = 0
        outer: while start < run.count {
            for end in stride(from: run.count, to: start, by: -1) {
                let typed = run[start ..< end].map(\.original).joined(separator: " ")
                guard let (_, entries) = lexicon.nearest(typed) else { continue }
                let distinct = entries.reduce(into: [Lexicon.Entry]()) { kept, entry in
                    if !kept.contains(where: { $0.meanings == entry.meanings }) { kept.append(entry) }
                }
                if distinct.count == 1, let entry = distinct.first, let meaning = entry.meanings.first {
                    items.append(Item(meaning: meaning, text: typed, singularWord: true))
                    corrections.append((typed, entry.display))
                } else {
                    ambiguous.append((typed, distinct.map(\.display)))
                }
                start = end
                continue outer
            }
            unknown.append(run[start].original)
            start += 1
        }
    }
}
