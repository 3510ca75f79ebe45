import Columns

/// A LIKE / ILIKE pattern compiled once: `%` any run, `_` one character, an escape
/// character (default `\`) making the next one literal. Matching runs on UTF-8 bytes.
struct LikePattern: Sendable, Hashable {
    enum Piece: Sendable, Hashable { case literal([UInt8]), anyOne, anyRun }
    let pieces: [Piece]
    /// The pieces as single bytes and wildcards, for the matcher.
    let tokens: [Token]
    let caseInsensitive: Bool
    let text: String

    init(_ pattern: String, escape: Character?, caseInsensitive: Bool) {
        self.caseInsensitive = caseInsensitive
        text = pattern
        var pieces: [Piece] = []
        var literal: [UInt8] = []
        var escaping = false
        let escapeChar = escape ?? "\\"
        func flush() { if !literal.isEmpty { pieces.append(.literal(literal)); literal = [] } }
        for ch in pattern {
            if escaping { literal += Array(String(ch).utf8); escaping = false; continue }
            if ch == escapeChar { escaping = true; continue }
            switch ch {
            case "%": flush(); if pieces.last != .anyRun { pieces.append(.anyRun) }
            case "_": flush(); pieces.append(.anyOne)
            default: literal += Array((caseInsensitive ? String(ch).lowercased() : String(ch)).utf8)
            }
        }
        if escaping { literal += Array(String(escapeChar).utf8) }
        flush()
        self.pieces = pieces
        tokens = pieces.flatMap { piece -> [Token] in
            switch piece {
            case let .literal(bytes): bytes.map { .byte($0) }
            case .anyOne: [.one]
            case .anyRun: [.run]
            }
        }
    }

    func evaluate(_ column: Column) throws -> Column {
        let text = try ColumnAccess.text(column)
        let rows = text.count
        var values = ContiguousArray<UInt8>(repeating: 0, count: rows)
        let nulls = ColumnFactory.nullFlags(column)
        var lowered: [UInt8] = []
        for row in 0 ..< rows where !nulls[row] {
            let matched: Bool = text.withValue(row) { raw in
                if caseInsensitive {
                    lowered = Array(String(decoding: raw, as: UTF8.self).lowercased().utf8)
                    return lowered.withUnsafeBytes { matches($0[...]) }
                }
                return matches(raw[...])
            }
            values[row] = matched ? 1 : 0
        }
        return .bool(FixedColumn(values: values, nulls: ColumnFactory.mask(nulls)))
    }

    /// Wildcard matching without recursion: on a mismatch, go back to the last `%` and let
    /// it take one more character (linear in practice, never deep).
    private func matches(_ text: Slice<UnsafeRawBufferPointer>) -> Bool {
        var p = 0, s = text.startIndex
        var starToken = -1, starText = text.startIndex
        while s < text.endIndex {
            if p < tokens.count, tokens[p] == Token.one {
                s += Self.width(text[s])
                p += 1
            } else if p < tokens.count, case let .byte(b) = tokens[p], text[s] == b {
                s += 1
                p += 1
            } else if p < tokens.count, tokens[p] == Token.run {
                starToken = p
                starText = s
                p += 1
            } else if starToken >= 0 {
                p = starToken + 1
                starText += Self.width(text[starText])
                s = starText
            } else {
                return false
            }
        }
        while p < tokens.count, tokens[p] == Token.run { p += 1 }
        return p == tokens.count
    }

    enum Token: Sendable, Hashable { case byte(UInt8), one, run }

    /// Bytes of the UTF-8 character starting with `lead`.
    private static func width(_ lead: UInt8) -> Int {
        lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
    }
}
