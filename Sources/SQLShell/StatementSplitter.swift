/// Gathers the lines typed at the shell into statements: a statement ends at a `;` that
/// is not inside a string literal (`'…'`, `"…"`, raw `r'…'`, with Spark's backslash
/// escapes), a back-quoted name or a comment (`-- …`, nested `/* … */`), so a statement
/// may span lines and a line may hold several. The quoting rules are the lexer's
/// (SQLSyntax), so the shell cuts where the parser would.
public struct StatementSplitter: Sendable {
    private enum State: Equatable, Sendable {
        case code
        case string(quote: UInt8, raw: Bool)
        case quotedName
        case blockComment(depth: Int)
        case lineComment
    }

    private var pending: [UInt8] = []
    private var state = State.code
    /// Whether `pending` holds more than spaces and comments.
    private var hasContent = false

    /// Whether the last line ended inside a string, a back-quoted name or a `--` comment,
    /// where its line break cannot become a space without changing the statement.
    public private(set) var lastLineBreakMatters = false

    public init() {}

    /// True while a statement has begun and not ended (the shell shows its continuation
    /// prompt); an open comment counts too.
    public var needsMore: Bool { hasContent || state != .code }

    /// The text of the unfinished statement.
    public var pendingText: String { String(decoding: pending, as: UTF8.self) }

    /// Drops the unfinished statement (Ctrl-C).
    public mutating func reset() { self = StatementSplitter() }

    /// Adds one line; the statements it completed, each with its `;`. Statements of only
    /// spaces and comments are dropped, as is such text left at the end of a line.
    public mutating func add(line: String) -> [String] {
        var statements: [String] = []
        lastLineBreakMatters = false
        let bytes = Array(line.utf8) + [UInt8(ascii: "\n")]
        var index = 0
        while index < bytes.count {
            let byte = bytes[index], next = index + 1 < bytes.count ? bytes[index + 1] : 0
            pending.append(byte)
            index += 1
            switch state {
            case .code:
                switch byte {
                case UInt8(ascii: "'"), UInt8(ascii: "\""):
                    state = .string(quote: byte, raw: startsRawString())
                    hasContent = true
                case UInt8(ascii: "`"):
                    state = .quotedName
                    hasContent = true
                case UInt8(ascii: "-") where next == UInt8(ascii: "-"):
                    state = .lineComment
                case UInt8(ascii: "/") where next == UInt8(ascii: "*"):
                    pending.append(next)
                    index += 1
                    state = .blockComment(depth: 1)
                case UInt8(ascii: ";"):
                    if hasContent { statements.append(String(decoding: pending, as: UTF8.self)) }
                    pending.removeAll()
                    hasContent = false
                case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\n"), UInt8(ascii: "\r"):
                    break
                default:
                    hasContent = true
                }
            case let .string(quote, raw):
                if byte == UInt8(ascii: "\\"), !raw, index < bytes.count {
                    pending.append(bytes[index])  // the escaped byte, a quote or a backslash included
                    index += 1
                } else if byte == quote {
                    state = .code  // a doubled quote leaves and enters again: the same
                }
            case .quotedName:
                if byte == UInt8(ascii: "`") { state = .code }
            case let .blockComment(depth):
                if byte == UInt8(ascii: "*"), next == UInt8(ascii: "/") {
                    pending.append(next)
                    index += 1
                    state = depth == 1 ? .code : .blockComment(depth: depth - 1)
                } else if byte == UInt8(ascii: "/"), next == UInt8(ascii: "*") {
                    pending.append(next)
                    index += 1
                    state = .blockComment(depth: depth + 1)
                }
            case .lineComment:
                if byte == UInt8(ascii: "\n") {
                    state = .code
                    if index == bytes.count { lastLineBreakMatters = true }
                }
            }
        }
        switch state {
        case .string, .quotedName: lastLineBreakMatters = true
        case .code, .blockComment, .lineComment: break
        }
        if !needsMore { pending.removeAll() }
        return statements
    }

    /// Whether the quote just appended opens a raw string: `r'…'`, the `r` not part of a
    /// longer word.
    private func startsRawString() -> Bool {
        let count = pending.count
        guard count >= 2, pending[count - 2] | 0x20 == UInt8(ascii: "r") else { return false }
        return count < 3 || !Self.isWordByte(pending[count - 3])
    }

    private static func isWordByte(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "a") ... UInt8(ascii: "z"), UInt8(ascii: "A") ... UInt8(ascii: "Z"),
             UInt8(ascii: "0") ... UInt8(ascii: "9"), UInt8(ascii: "_"), 0x80...: true
        default: false
        }
    }
}
