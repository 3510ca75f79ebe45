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
            let distance = EditDistance.between(word, target, limit: allowed)
            if distance >= 1, distance <= allowed { return keyword }
        }
        return nil
    }
}
