/// One lexical token of a SQL text.
public struct Token: Sendable, Hashable {
    public enum Kind: Sendable, Hashable {
        /// A bare word: an identifier or a keyword (see `keyword`).
        case word
        /// `` `odd name` `` (the name, with doubled back-quotes undone, is in `value`).
        case quotedIdentifier
        /// `'…'` or `"…"` (the decoded text is in `value`).
        case string
        /// A number (the text without its type suffix is in `value`).
        case number(NumericLiteral.Kind)
        case leftParen, rightParen, leftBracket, rightBracket
        case comma, semicolon, dot, colon, doubleColon
        case plus, minus, star, slash, percent, tilde, ampersand, pipe, doublePipe, caret, bang
        /// `=` or `==`.
        case equal
        /// `<>` or `!=`.
        case notEqual
        case nullSafeEqual
        /// `<`, `<=` (also `!>`), `>`, `>=` (also `!<`).
        case less, lessOrEqual, greater, greaterOrEqual
        /// The end of the text (always the last token).
        case end
    }

    public var kind: Kind
    /// Exactly as written (for messages).
    public var text: String
    /// The identifier's name, the string's decoded text or the number's digits; else empty.
    public var value: String
    /// The keyword a word spells, in any case; nil for other words and tokens.
    public var keyword: Keyword?
    public var range: SourceRange

    public var location: SourceLocation { range.start }

    /// The word in upper case (ASCII letters only), to match non-keyword words such as
    /// type names and interval units.
    var upperText: String {
        kind == .word ? String(decoding: text.utf8.map(asciiUppercase), as: UTF8.self) : ""
    }

    /// How error messages name the token: `'FORM'`, `string 'abc'`, `end of input`.
    var quotedForMessage: String {
        switch kind {
        case .end: return "end of input"
        case .string: return "string " + Token.shorten(text)
        default: return "'" + Token.shorten(text) + "'"
        }
    }

    private static func shorten(_ text: String) -> String {
        let scalars = text.unicodeScalars
        guard scalars.count > 40 else { return text }
        var shortened = String.UnicodeScalarView()
        shortened.append(contentsOf: scalars.prefix(37))
        return String(shortened) + "…"
    }
}

@inline(__always)
func asciiUppercase(_ byte: UInt8) -> UInt8 {
    byte >= UInt8(ascii: "a") && byte <= UInt8(ascii: "z") ? byte - 32 : byte
}
