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
        let shape = caseInsensitive ? nil : Shape(pieces)
        var lowered: [UInt8] = []
        text.bytes.withUnsafeBytes { bytes in
            text.offsets.withUnsafeBufferPointer { offsets in
                for row in 0 ..< rows where !nulls[row] {
                    let raw = UnsafeRawBufferPointer(rebasing: bytes[Int(offsets[row]) ..< Int(offsets[row + 1])])
                    let matched: Bool
                    if let shape {
                        matched = shape.matches(raw)
                    } else if caseInsensitive {
                        Self.lowercase(raw, into: &lowered)
                        matched = lowered.withUnsafeBytes { matches($0[...]) }
                    } else {
                        matched = matches(raw[...])
                    }
                    values[row] = matched ? 1 : 0
                }
            }
        }
        return .bool(FixedColumn(values: values, nulls: ColumnFactory.mask(nulls)))
    }

    /// The common patterns without `_`, tested with one comparison or search instead of the
    /// general matcher: `abc`, `abc%`, `%abc`, `%abc%`, `%`.
    private enum Shape {
        case equal([UInt8]), prefix([UInt8]), suffix([UInt8]), contains([UInt8]), any

        init?(_ pieces: [Piece]) {
            func literal(_ piece: Piece) -> [UInt8]? { if case let .literal(l) = piece { l } else { nil } }
            let runs = pieces.map { $0 == .anyRun }
            switch (pieces.count, runs) {
            case (0, _): self = .equal([])
            case (1, [true]): self = .any
            case (1, [false]): guard let l = literal(pieces[0]) else { return nil }; self = .equal(l)
            case (2, [false, true]): guard let l = literal(pieces[0]) else { return nil }; self = .prefix(l)
            case (2, [true, false]): guard let l = literal(pieces[1]) else { return nil }; self = .suffix(l)
            case (3, [true, false, true]): guard let l = literal(pieces[1]) else { return nil }; self = .contains(l)
            default: return nil
            }
        }

        func matches(_ s: UnsafeRawBufferPointer) -> Bool {
            switch self {
            case .any: return true
            case let .equal(l): return s.count == l.count && l.withUnsafeBytes { ByteEquality.equal(s, $0) }
            case let .prefix(l):
                return s.count >= l.count && l.withUnsafeBytes { ByteEquality.equal(UnsafeRawBufferPointer(rebasing: s[..<l.count]), $0) }
            case let .suffix(l):
                return s.count >= l.count && l.withUnsafeBytes { ByteEquality.equal(UnsafeRawBufferPointer(rebasing: s[(s.count - l.count)...]), $0) }
            case let .contains(l):
                return l.withUnsafeBytes { ByteSearch.firstIndex(of: $0, in: s) != nil }
            }
        }
    }

    /// `raw` in lower case: ASCII byte by byte, anything else through `String` (as Spark's
    /// ILIKE lowers both sides).
    private static func lowercase(_ raw: UnsafeRawBufferPointer, into out: inout [UInt8]) {
        out.removeAll(keepingCapacity: true)
        if raw.allSatisfy({ $0 < 0x80 }) {
            for b in raw { out.append(b >= 0x41 && b <= 0x5A ? b + 32 : b) }
        } else {
            out.append(contentsOf: String(decoding: raw, as: UTF8.self).lowercased().utf8)
        }
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
