/// Damerau–Levenshtein distance (optimal string alignment: insertions, deletions,
/// substitutions and transpositions of neighbours, each 1), over characters.
enum EditDistance {
    static func between(_ a: String, _ b: String, limit: Int) -> Int {
        let x = Array(a), y = Array(b)
        if abs(x.count - y.count) > limit { return limit + 1 }
        if x.isEmpty || y.isEmpty { return max(x.count, y.count) }
        var previous2 = [Int](repeating: 0, count: y.count + 1)
        var previous = Array(0 ... y.count)
        var current = [Int](repeating: 0, count: y.count + 1)
        for i in 1 ... x.count {
            current[0] = i
            var rowMinimum = current[0]
            for j in 1 ... y.count {
                let cost = x[i - 1] == y[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, x[i - 1] == y[j - 2], x[i - 2] == y[j - 1] {
                    value = min(value, previous2[j - 2] + 1)
                }
                current[j] = value
                rowMinimum = min(rowMinimum, value)
            }
            if rowMinimum > limit { return limit + 1 }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[y.count]
    }

    /// How many edits a near miss of `length` characters may have: none up to 4 (short
    /// words are too easily another word), 1 up to 8, 2 up to 14, then 3.
    static func threshold(forLength length: Int) -> Int {
        switch length {
        case ..<5: return 0
        case ..<9: return 1
        case ..<15: return 2
        default: return 3
        }
    }
}
