extension Parser {
    /// Keywords worth suggesting for a misspelling: the ones that start clauses and
    /// joins or structure expressions. Two-letter ones (AS, BY, ON…) are left out: too
    /// many ordinary names are one letter away from them.
    static let clauseKeywords: [Keyword] = [
        .select, .from, .where, .group, .having, .qualify, .window, .order, .limit, .offset, .union, .intersect,
        .except, .join, .inner, .left, .right, .full, .cross, .outer, .using, .between, .like, .then, .else, .when,
        .case, .distinct, .partition, .exists, .null, .nulls, .with, .and, .end,
    ]

    /// The keyword `token` looks like a typo of (one edit away, two for long words), if any.
    func misspelt(_ token: Token, among keywords: [Keyword]) -> Keyword? {
        guard token.kind == .word, token.keyword == nil || token.keyword?.isReserved == false else { return nil }
        let word = Array(token.upperText.utf8)
        guard word.count >= 3 else { return nil }
        for keyword in keywords {
            let target = Array(keyword.rawValue.utf8)
            let allowed = target.count >= 6 ? 2 : 1
            let distance = editDistance(word, target, limit: allowed)
            if distance >= 1, distance <= allowed { return keyword }
        }
        return nil
    }
}

/// Optimal-string-alignment distance (insertions, deletions, substitutions and swaps of
/// neighbours — `FORM` is one swap from `FROM`); gives up early past `limit`.
func editDistance(_ a: [UInt8], _ b: [UInt8], limit: Int) -> Int {
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
