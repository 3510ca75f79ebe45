/// Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of
/// neighbours, each one edit (`FORM` is one swap from `FROM`, `protien` from `protein`).
/// Shared by the parser's "did you mean" and `ask`'s fuzzy value lookup.
public enum EditDistance {
    /// The distance between `a` and `b`, or `limit + 1` as soon as it must exceed `limit`.
    public static func between<Element: Equatable>(_ a: [Element], _ b: [Element], limit: Int) -> Int {
        if abs(a.count - b.count) > limit { return limit + 1 }
        if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
        var previousPrevious = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0 ... b.count)
        var row = [Int](repeating: 0, count: b.count + 1)
        for i in 1 ... a.count {
            row[0] = i
            var best = row[0]
            for j in 1 ... b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var value = min(previous[j] + 1, row[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    value = min(value, previousPrevious[j - 2] + 1)
                }
                row[j] = value
                best = min(best, value)
            }
            if best > limit { return limit + 1 }
            (previousPrevious, previous, row) = (previous, row, previousPrevious)
        }
        return previous[b.count]
    }

    /// The distance between two strings, counted in characters.
    public static func between(_ a: String, _ b: String, limit: Int) -> Int {
        between(Array(a), Array(b), limit: limit)
    }
}
