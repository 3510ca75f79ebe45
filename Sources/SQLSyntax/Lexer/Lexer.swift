/// Splits a SQL text into tokens, working on its UTF-8 bytes.
///
/// Whitespace and comments (`-- …` to the end of the line, `/* … */` nested as in Spark)
/// are skipped; hints (`/*+ … */`) are comments too. The last token is always `.end`.
struct Lexer {
    let source: SourceText
    private var bytes: [UInt8] { source.bytes }
    private var offset = 0
    private var line = 1
    private var column = 1
    private var tokens: [Token] = []
    /// Where the last token ended: the end token points there, so "found end of input"
    /// carets sit right after the text rather than on a trailing blank line.
    private var lastTokenEnd = SourceLocation.start

    init(_ source: SourceText) { self.source = source }

    static func tokenize(_ source: SourceText) throws(SQLSyntaxError) -> [Token] {
        var lexer = Lexer(source)
        return try lexer.run()
    }

    private mutating func run() throws(SQLSyntaxError) -> [Token] {
        while true {
            try skipWhitespaceAndComments()
            guard let byte = peek() else { break }
            let start = here
            let kind: Token.Kind
            var value = ""
            switch byte {
            case UInt8(ascii: "'"), UInt8(ascii: "\""):
                value = try lexString(raw: false)
                kind = .string
            case _ where isRawStringStart:
                advance()
                value = try lexString(raw: true)
                kind = .string
            case UInt8(ascii: "`"):
                value = try lexQuotedIdentifier()
                kind = .quotedIdentifier
            case UInt8(ascii: "0") ... UInt8(ascii: "9"):
                (kind, value) = try lexNumberOrWord()
            case UInt8(ascii: ".") where isDigit(peek(1)) && !previousTokenEndsOperand:
                (kind, value) = try lexNumberOrWord()
            default:
                if isWordStart(at: offset) {
                    lexWord()
                    kind = .word
                } else if let symbol = lexSymbol() {
                    kind = symbol
                } else {
                    throw unexpectedCharacter(at: start)
                }
            }
            append(kind, from: start, value: value)
        }
        tokens.append(Token(
            kind: .end, text: "", value: "", keyword: nil, range: SourceRange(start: lastTokenEnd, end: lastTokenEnd)))
        return tokens
    }

    // MARK: Cursor

    /// `r'…'` or `R"…"`: a raw string.
    private var isRawStringStart: Bool {
        guard let byte = peek(), byte | 0x20 == UInt8(ascii: "r"), let next = peek(1) else { return false }
        return next == UInt8(ascii: "'") || next == UInt8(ascii: "\"")
    }

    private var here: SourceLocation { SourceLocation(line: line, column: column, offset: offset) }

    private func peek(_ ahead: Int = 0) -> UInt8? {
        let index = offset + ahead
        return index < bytes.count ? bytes[index] : nil
    }

    /// Moves one byte on, counting lines and (per lead byte) columns.
    private mutating func advance() {
        guard offset < bytes.count else { return }
        let byte = bytes[offset]
        offset += 1
        if byte == UInt8(ascii: "\n") {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            column += 1
        }
    }

    private mutating func advance(_ count: Int) {
        for _ in 0 ..< count { advance() }
    }

    private mutating func append(_ kind: Token.Kind, from start: SourceLocation, value: String) {
        let text = String(decoding: bytes[start.offset ..< offset], as: UTF8.self)
        let keyword = kind == .word ? Keyword.lookup(bytes[start.offset ..< offset]) : nil
        tokens.append(Token(kind: kind, text: text, value: value, keyword: keyword, range: SourceRange(start: start, end: here)))
        lastTokenEnd = here
    }

    /// After a name or a closing bracket, `.5` is a dot and a number (`t.5` is not a
    /// decimal); anywhere else it is the number 0.5.
    private var previousTokenEndsOperand: Bool {
        guard let last = tokens.last, last.range.end.offset == offset else { return false }
        switch last.kind {
        case .word, .quotedIdentifier, .rightParen, .rightBracket: return true
        default: return false
        }
    }

    func error(_ message: String, at location: SourceLocation) -> SQLSyntaxError {
        source.error(message, at: location)
    }

    private func unexpectedCharacter(at location: SourceLocation) -> SQLSyntaxError {
        let scalar = decodeScalar(at: offset)?.scalar
        let shown: String
        if let scalar, scalar.value >= 0x20, scalar.value != 0x7F {
            shown = "'\(Character(scalar))'"
        } else {
            let value = Int(scalar?.value ?? UInt32(bytes[offset]))
            let hex = String(value, radix: 16, uppercase: true)
            shown = "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
        }
        return error("unexpected character \(shown)", at: location)
    }

    // MARK: Whitespace and comments

    private mutating func skipWhitespaceAndComments() throws(SQLSyntaxError) {
        while let byte = peek() {
            switch byte {
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"), 0x0B, 0x0C:
                advance()
            case UInt8(ascii: "-") where peek(1) == UInt8(ascii: "-"):
                while let next = peek(), next != UInt8(ascii: "\n") { advance() }
            case UInt8(ascii: "/") where peek(1) == UInt8(ascii: "*"):
                try skipBlockComment()
            case 0x80...:
                let width = unicodeSpaceWidth(at: offset)
                guard width > 0 else { return }
                advance(width)
            default:
                return
            }
        }
    }

    /// Skips `/* … */`, nested comments included (as Spark does).
    private mutating func skipBlockComment() throws(SQLSyntaxError) {
        let start = here
        advance(2)
        var depth = 1
        while depth > 0 {
            guard let byte = peek() else { throw error("unterminated comment: '/*' has no matching '*/'", at: start) }
            if byte == UInt8(ascii: "*"), peek(1) == UInt8(ascii: "/") {
                depth -= 1
                advance(2)
            } else if byte == UInt8(ascii: "/"), peek(1) == UInt8(ascii: "*") {
                depth += 1
                advance(2)
            } else {
                advance()
            }
        }
    }

    /// The byte length of the Unicode space at `index` (no-break, em, ideographic… the
    /// ones Spark skips), or 0.
    private func unicodeSpaceWidth(at index: Int) -> Int {
        guard let (scalar, width) = decodeScalar(at: index) else { return 0 }
        switch scalar.value {
        case 0xA0, 0x1680, 0x2000 ... 0x200A, 0x2028, 0x2029, 0x202F, 0x205F, 0x3000, 0xFEFF: return width
        default: return 0
        }
    }

    // MARK: Words

    private func isWordStart(at index: Int) -> Bool {
        guard index < bytes.count else { return false }
        let byte = bytes[index]
        if byte < 0x80 { return isASCIILetter(byte) || byte == UInt8(ascii: "_") }
        return decodeScalar(at: index)?.scalar.properties.isAlphabetic ?? false
    }

    /// The byte length of the identifier character at `index` (letter, digit, `_`), or 0.
    private func wordCharacterWidth(at index: Int) -> Int {
        guard index < bytes.count else { return 0 }
        let byte = bytes[index]
        if byte < 0x80 { return isASCIILetter(byte) || isDigit(byte) || byte == UInt8(ascii: "_") ? 1 : 0 }
        guard let (scalar, width) = decodeScalar(at: index), scalar.properties.isAlphabetic else { return 0 }
        return width
    }

    private mutating func lexWord() {
        while case let width = wordCharacterWidth(at: offset), width > 0 { advance(width) }
    }

    // MARK: Quoted identifiers and strings

    /// `` `name` ``, with ``` `` ``` standing for one back-quote.
    private mutating func lexQuotedIdentifier() throws(SQLSyntaxError) -> String {
        let start = here
        advance()
        var name: [UInt8] = []
        while true {
            guard let byte = peek() else {
                throw error("unterminated back-quoted identifier: '`' has no closing '`'", at: start)
            }
            advance()
            if byte == UInt8(ascii: "`") {
                guard peek() == UInt8(ascii: "`") else { break }
                advance()
            }
            name.append(byte)
        }
        guard !name.isEmpty else { throw error("empty back-quoted identifier", at: start) }
        return String(decoding: name, as: UTF8.self)
    }

    /// A string in `'` or `"`. Escapes follow Spark (`\n`, `\t`, `\'`, `\\`, `\u0041`,
    /// `\U0001F600`, octal `\101`; `\%` and `\_` keep their backslash for LIKE; any other
    /// `\c` is `c`), and a doubled quote stands for one quote, as in standard SQL. A raw
    /// string (`r'…'`) takes every byte as it is and ends at the first quote.
    private mutating func lexString(raw: Bool) throws(SQLSyntaxError) -> String {
        let start = here
        guard let quote = peek() else { return "" }
        advance()
        var text: [UInt8] = []
        while true {
            guard let byte = peek() else {
                throw error("unterminated string: \(Character(Unicode.Scalar(quote))) has no closing quote", at: start)
            }
            if byte == quote {
                advance()
                guard !raw, peek() == quote else { break }
                advance()
                text.append(quote)
            } else if byte == UInt8(ascii: "\\"), !raw {
                try lexEscape(into: &text, stringStart: start)
            } else {
                text.append(byte)
                advance()
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    private mutating func lexEscape(into text: inout [UInt8], stringStart: SourceLocation) throws(SQLSyntaxError) {
        let escapeStart = here
        advance()
        guard let byte = peek() else { return }  // the unterminated-string error follows
        switch byte {
        case UInt8(ascii: "0") ... UInt8(ascii: "3") where isOctal(peek(1)) && isOctal(peek(2)):
            let value = UInt32(byte - 48) << 6 | UInt32(bytes[offset + 1] - 48) << 3 | UInt32(bytes[offset + 2] - 48)
            appendScalar(value, to: &text)
            advance(3)
        case UInt8(ascii: "0"): text.append(0); advance()
        case UInt8(ascii: "b"): text.append(8); advance()
        case UInt8(ascii: "n"): text.append(10); advance()
        case UInt8(ascii: "r"): text.append(13); advance()
        case UInt8(ascii: "t"): text.append(9); advance()
        case UInt8(ascii: "Z"): text.append(26); advance()
        case UInt8(ascii: "%"), UInt8(ascii: "_"):
            text.append(UInt8(ascii: "\\"))
            text.append(byte)
            advance()
        case UInt8(ascii: "u") where hexValue(at: offset + 1, digits: 4) != nil:
            var value = hexValue(at: offset + 1, digits: 4) ?? 0
            advance(5)
            if (0xD800 ... 0xDBFF).contains(value) {
                // A UTF-16 surrogate pair written as two escapes (`\uD83D\uDE00`), as Java reads it.
                guard peek() == UInt8(ascii: "\\"), peek(1) == UInt8(ascii: "u"),
                      let low = hexValue(at: offset + 2, digits: 4), (0xDC00 ... 0xDFFF).contains(low)
                else { throw error("invalid unicode escape: a high surrogate must be followed by a low one", at: escapeStart) }
                value = 0x10000 + (value - 0xD800) << 10 + (low - 0xDC00)
                advance(6)
            }
            guard appendScalar(value, to: &text) else {
                throw error("invalid unicode escape: U+\(String(value, radix: 16, uppercase: true)) is not a character", at: escapeStart)
            }
        case UInt8(ascii: "U") where hexValue(at: offset + 1, digits: 8) != nil:
            let value = hexValue(at: offset + 1, digits: 8) ?? 0
            advance(9)
            guard appendScalar(value, to: &text) else {
                throw error("invalid unicode escape: U+\(String(value, radix: 16, uppercase: true)) is not a character", at: escapeStart)
            }
        default:
            // Any other escaped character stands for itself (all of its UTF-8 bytes).
            let width = max(1, decodeScalar(at: offset)?.width ?? 1)
            text.append(contentsOf: bytes[offset ..< min(offset + width, bytes.count)])
            advance(width)
        }
    }

    private func hexValue(at index: Int, digits: Int) -> UInt32? {
        guard index + digits <= bytes.count else { return nil }
        var value: UInt32 = 0
        for byte in bytes[index ..< index + digits] {
            guard let digit = hexDigit(byte) else { return nil }
            value = value << 4 | digit
        }
        return value
    }

    @discardableResult
    private func appendScalar(_ value: UInt32, to text: inout [UInt8]) -> Bool {
        guard let scalar = Unicode.Scalar(value) else { return false }
        text.append(contentsOf: String(Character(scalar)).utf8)
        return true
    }

    // MARK: Numbers

    /// A number, in Spark's forms: `42`, `42L` / `S` / `Y`, `12.50`, `.5`, `5.`, `1e3`,
    /// `1.5D`, `1.5F`, `12BD`. Digits running into letters (`1st_order`) make a word,
    /// as Spark's identifiers may start with a digit; after a point they are an error.
    private mutating func lexNumberOrWord() throws(SQLSyntaxError) -> (Token.Kind, String) {
        let start = here
        var index = offset
        func digits() { while index < bytes.count, isDigit(bytes[index]) { index += 1 } }
        digits()
        var hasPoint = false
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            hasPoint = true
            index += 1
            digits()
        }
        var hasExponent = false
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            var next = index + 1
            if next < bytes.count, bytes[next] == UInt8(ascii: "+") || bytes[next] == UInt8(ascii: "-") { next += 1 }
            if next < bytes.count, isDigit(bytes[next]) {
                hasExponent = true
                index = next
                digits()
            }
        }
        let mantissaEnd = index
        var kind: NumericLiteral.Kind = hasExponent ? .double : hasPoint ? .decimal : .integer
        if index + 1 < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "b"), bytes[index + 1] | 0x20 == UInt8(ascii: "d") {
            kind = .decimal
            index += 2
        } else if index < bytes.count {
            switch bytes[index] | 0x20 {
            case UInt8(ascii: "d"): kind = .double; index += 1
            case UInt8(ascii: "f"): kind = .float; index += 1
            case UInt8(ascii: "l") where !hasPoint && !hasExponent: kind = .bigint; index += 1
            case UInt8(ascii: "s") where !hasPoint && !hasExponent: kind = .smallint; index += 1
            case UInt8(ascii: "y") where !hasPoint && !hasExponent: kind = .tinyint; index += 1
            default: break
            }
        }
        if wordCharacterWidth(at: index) > 0 {
            guard !hasPoint else {
                var end = index
                while case let width = wordCharacterWidth(at: end), width > 0 { end += width }
                let text = String(decoding: bytes[start.offset ..< end], as: UTF8.self)
                throw error("invalid number '\(text)'", at: start)
            }
            lexWord()
            return (.word, "")
        }
        let mantissa = String(decoding: bytes[start.offset ..< mantissaEnd], as: UTF8.self)
        advance(index - offset)
        return (.number(kind), mantissa)
    }

    // MARK: Symbols

    private mutating func lexSymbol() -> Token.Kind? {
        guard let byte = peek() else { return nil }
        let next = peek(1)
        let third = peek(2)
        let (kind, width): (Token.Kind, Int)
        switch byte {
        case UInt8(ascii: "("): (kind, width) = (.leftParen, 1)
        case UInt8(ascii: ")"): (kind, width) = (.rightParen, 1)
        case UInt8(ascii: "["): (kind, width) = (.leftBracket, 1)
        case UInt8(ascii: "]"): (kind, width) = (.rightBracket, 1)
        case UInt8(ascii: ","): (kind, width) = (.comma, 1)
        case UInt8(ascii: ";"): (kind, width) = (.semicolon, 1)
        case UInt8(ascii: "."): (kind, width) = (.dot, 1)
        case UInt8(ascii: ":"): (kind, width) = next == UInt8(ascii: ":") ? (.doubleColon, 2) : (.colon, 1)
        case UInt8(ascii: "+"): (kind, width) = (.plus, 1)
        case UInt8(ascii: "-"): (kind, width) = (.minus, 1)
        case UInt8(ascii: "*"): (kind, width) = (.star, 1)
        case UInt8(ascii: "/"): (kind, width) = (.slash, 1)
        case UInt8(ascii: "%"): (kind, width) = (.percent, 1)
        case UInt8(ascii: "~"): (kind, width) = (.tilde, 1)
        case UInt8(ascii: "&"): (kind, width) = (.ampersand, 1)
        case UInt8(ascii: "^"): (kind, width) = (.caret, 1)
        case UInt8(ascii: "|"): (kind, width) = next == UInt8(ascii: "|") ? (.doublePipe, 2) : (.pipe, 1)
        case UInt8(ascii: "="): (kind, width) = next == UInt8(ascii: "=") ? (.equal, 2) : (.equal, 1)
        case UInt8(ascii: "!"):
            switch next {
            case UInt8(ascii: "="): (kind, width) = (.notEqual, 2)
            case UInt8(ascii: ">"): (kind, width) = (.lessOrEqual, 2)
            case UInt8(ascii: "<"): (kind, width) = (.greaterOrEqual, 2)
            default: (kind, width) = (.bang, 1)
            }
        case UInt8(ascii: "<"):
            switch next {
            case UInt8(ascii: "="): (kind, width) = third == UInt8(ascii: ">") ? (.nullSafeEqual, 3) : (.lessOrEqual, 2)
            case UInt8(ascii: ">"): (kind, width) = (.notEqual, 2)
            default: (kind, width) = (.less, 1)
            }
        case UInt8(ascii: ">"): (kind, width) = next == UInt8(ascii: "=") ? (.greaterOrEqual, 2) : (.greater, 1)
        default: return nil
        }
        advance(width)
        return kind
    }

    // MARK: Bytes

    /// The scalar starting at `index` and its byte length; nil past the end or on a
    /// malformed sequence (a String's bytes are valid UTF-8, but stay careful).
    private func decodeScalar(at index: Int) -> (scalar: Unicode.Scalar, width: Int)? {
        guard index < bytes.count else { return nil }
        let lead = bytes[index]
        let width: Int
        var value: UInt32
        switch lead {
        case 0x00 ..< 0x80: return (Unicode.Scalar(lead), 1)
        case 0xC2 ..< 0xE0: width = 2; value = UInt32(lead & 0x1F)
        case 0xE0 ..< 0xF0: width = 3; value = UInt32(lead & 0x0F)
        case 0xF0 ..< 0xF5: width = 4; value = UInt32(lead & 0x07)
        default: return nil
        }
        guard index + width <= bytes.count else { return nil }
        for byte in bytes[index + 1 ..< index + width] {
            guard byte & 0xC0 == 0x80 else { return nil }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        guard let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, width)
    }
}

@inline(__always) private func isDigit(_ byte: UInt8?) -> Bool {
    guard let byte else { return false }
    return byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9")
}

@inline(__always) private func isOctal(_ byte: UInt8?) -> Bool {
    guard let byte else { return false }
    return byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "7")
}

@inline(__always) private func isASCIILetter(_ byte: UInt8) -> Bool {
    (byte | 0x20) >= UInt8(ascii: "a") && (byte | 0x20) <= UInt8(ascii: "z")
}

@inline(__always) private func hexDigit(_ byte: UInt8) -> UInt32? {
    switch byte {
    case UInt8(ascii: "0") ... UInt8(ascii: "9"): UInt32(byte - UInt8(ascii: "0"))
    case UInt8(ascii: "a") ... UInt8(ascii: "f"): UInt32(byte - UInt8(ascii: "a") + 10)
    case UInt8(ascii: "A") ... UInt8(ascii: "F"): UInt32(byte - UInt8(ascii: "A") + 10)
    default: nil
    }
}
