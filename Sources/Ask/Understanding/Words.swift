/// A question cut into words: lower-case runs of letters and digits; `&` is the word
/// "and", every other character separates words (so "E-Commerce" is "e commerce" and
/// "year-over-year" is "year over year"). Values and synonyms are cut the same way, so
/// they match word for word.
struct Word: Sendable, Equatable {
    /// Lower-case text.
    var text: String
    /// As typed, for messages.
    var original: String
}

enum Words {
    static func split(_ text: String) -> [Word] {
        var words: [Word] = []
        var current = ""
        func flush() {
            if !current.isEmpty { words.append(Word(text: current.lowercased(), original: current)) }
            current = ""
        }
        for character in text {
            if character.isLetter || character.isNumber {
                current.append(character)
            } else if character == "'" || character == "’" {
                // "what's", "Athlete's": the apostrophe ends the word; the "s" is a word of its own.
                flush()
            } else if character == "." && !current.isEmpty && current.allSatisfy(\.isNumber) {
                current.append(character)  // 12.5
            } else {
                flush()
                if character == "&" { words.append(Word(text: "and", original: "&")) }
            }
        }
        flush()
        // A trailing "." of a sentence is not part of a number.
        return words.map { word in
            var word = word
            while word.text.hasSuffix(".") { word.text.removeLast(); word.original.removeLast() }
            return word
        }.filter { !$0.text.isEmpty }
    }

    /// The words of a phrase, lower-case.
    static func key(_ text: String) -> [String] { split(text).map(\.text) }

    /// A word's singular, by the regular English rules (enough for names and values:
    /// "categories" → "category", "bars" → "bar", "boxes" → "box", "glass" stays).
    static func singular(_ word: String) -> String {
        guard word.count > 3, word.last == "s", word.first?.isLetter == true else { return word }
        if word.hasSuffix("ies") { return String(word.dropLast(3)) + "y" }
        for ending in ["ches", "shes", "sses", "xes", "zzes"] where word.hasSuffix(ending) { return String(word.dropLast(2)) }
        if word.hasSuffix("ss") || word.hasSuffix("us") || word.hasSuffix("is") { return word }
        return String(word.dropLast())
    }
}
