import Columns

/// A LIKE / ILIKE pattern compiled once: `%` any run, `_` one character, an escape
/// character (default `\`) making the next one literal. Matching runs on UTF-8 bytes.
struct LikePattern: Sendable, Hashable {
    enum Piece: Sendable, Hashable { case literal([UInt8]), anyOne, anyRun }
    let pieces: [Piece]
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
                    return lowered.withUnsafeBytes { matches($0[...], pieces[...]) }
                }
                return matches(raw[...], pieces[...])
            }
            values[row] = matched ? 1 : 0
        }
        return .bool(FixedColumn(values: values, nulls: ColumnFactory.mask(nulls)))
    }

    private func matches(_ s: Slice<UnsafeRawBufferPointer>, _ p: ArraySlice<Piece>) -> Bool {
        guard let first = p.first else { return s.isEmpty }
        switch first {
        case let .literal(bytes):
            guard s.count >= bytes.count, s.prefix(bytes.count).elementsEqual(bytes) else { return false }
            return matches(s.dropFirst(bytes.count), p.dropFirst())
        case .anyOne:
            guard let lead = s.first else { return false }
            return matches(s.dropFirst(Self.width(lead)), p.dropFirst())
        case .anyRun:
            let rest = p.dropFirst()
            if rest.isEmpty { return true }
            var tail = s
            while true {
                if matches(tail, rest) { return true }
                guard let lead = tail.first else { return false }
                tail = tail.dropFirst(Self.width(lead))
            }
        }
    }

    /// Bytes of the UTF-8 character starting with `lead`.
    private static func width(_ lead: UInt8) -> Int {
        lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1
    }
}
