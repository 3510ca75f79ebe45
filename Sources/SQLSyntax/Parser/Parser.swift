/// The recursive-descent parser over a token array (expressions by precedence climbing).
///
/// The cursor never moves past the final `.end` token, so every lookup is in bounds.
/// Recursion is guarded by `depth` (nested parentheses, subqueries, unary chains) and
/// every tree node by its `height`, so no input can exhaust the stack here or in a later
/// pass over the tree.
struct Parser {
    let tokens: [Token]
    let source: SourceText
    /// For each `(`, the index of its `)` (or -1): lets the parser see whether a
    /// parenthesis opens a query without trying to parse one.
    let closingParen: [Int]
    var index = 0
    var depth = 0
    /// The token of the latest alias written without AS: when the parse fails right
    /// after it, it was probably a misspelt keyword (`SELECT a FORM t`).
    var lastImplicitAlias: Int?

    init(_ text: String) throws(SQLSyntaxError) {
        source = SourceText(text)
        tokens = try Lexer.tokenize(source)
        var closing = [Int](repeating: -1, count: tokens.count)
        var open: [Int] = []
        for (position, token) in tokens.enumerated() {
            if token.kind == .leftParen {
                open.append(position)
            } else if token.kind == .rightParen, let opening = open.popLast() {
                closing[opening] = position
            }
        }
        closingParen = closing
    }

    // MARK: Cursor

    var current: Token { tokens[index] }

    /// The token `ahead` places after the current one (the end token past the end).
    func peek(_ ahead: Int = 1) -> Token { tokens[min(index + ahead, tokens.count - 1)] }

    /// Where the previous token ended (the end of what has been parsed).
    var previousEnd: SourceLocation { index > 0 ? tokens[index - 1].range.end : current.location }

    @discardableResult
    mutating func advance() -> Token {
        let token = current
        if index < tokens.count - 1 { index += 1 }
        return token
    }

    func isAt(_ keyword: Keyword) -> Bool { current.kind == .word && current.keyword == keyword }
    func isAt(_ kind: Token.Kind) -> Bool { current.kind == kind }
    var isAtEnd: Bool { current.kind == .end }

    mutating func accept(_ keyword: Keyword) -> Bool {
        guard isAt(keyword) else { return false }
        advance()
        return true
    }

    mutating func accept(_ kind: Token.Kind) -> Bool {
        guard isAt(kind) else { return false }
        advance()
        return true
    }

    @discardableResult
    mutating func expect(_ keyword: Keyword) throws(SQLSyntaxError) -> Token {
        guard isAt(keyword) else { throw unexpected(expected: keyword.rawValue) }
        return advance()
    }

    @discardableResult
    mutating func expect(_ kind: Token.Kind) throws(SQLSyntaxError) -> Token {
        guard isAt(kind) else { throw unexpected(expected: kind.shown) }
        return advance()
    }

    // MARK: Names

    /// A token that can be a bare name here: a back-quoted identifier or a non-reserved word.
    func isName(_ token: Token) -> Bool {
        switch token.kind {
        case .quotedIdentifier: true
        case .word: !(token.keyword?.isReserved ?? false)
        default: false
        }
    }

    func identifier(_ token: Token) -> Identifier {
        Identifier(token.kind == .quotedIdentifier ? token.value : token.text, at: token.location)
    }

    /// A table, column or alias name; reserved words only back-quoted.
    mutating func parseIdentifier(_ what: String = "a name") throws(SQLSyntaxError) -> Identifier {
        guard isName(current) else { throw unexpected(expected: what) }
        return identifier(advance())
    }

    /// A name after a dot or in a type: any word will do there, reserved or not.
    mutating func parseAnyWord(_ what: String) throws(SQLSyntaxError) -> Identifier {
        guard current.kind == .word || current.kind == .quotedIdentifier else { throw unexpected(expected: what) }
        return identifier(advance())
    }

    /// `name(.name)*`: a table name such as `layer.table`.
    mutating func parseQualifiedName(_ what: String) throws(SQLSyntaxError) -> QualifiedName {
        var parts = [try parseIdentifier(what)]
        while isAt(.dot) {
            advance()
            parts.append(try parseAnyWord("a name after '.'"))
        }
        return QualifiedName(parts)
    }

    /// `(a, b, …)`.
    mutating func parseIdentifierList() throws(SQLSyntaxError) -> [Identifier] {
        try expect(.leftParen)
        var names: [Identifier] = []
        repeat { names.append(try parseIdentifier("a column name")) } while accept(.comma)
        try expect(.rightParen)
        return names
    }

    // MARK: Limits

    /// Enters one level of nesting, or fails when there are already too many.
    mutating func descend(_ what: String) throws(SQLSyntaxError) {
        guard depth < SQLParser.maximumDepth else {
            throw error("\(what) nested too deeply (limit \(SQLParser.maximumDepth))", at: current.location)
        }
        depth += 1
    }

    mutating func ascend() { depth -= 1 }

    /// Fails when a tree just built is taller than `SQLParser.maximumHeight`.
    func checkHeight(_ height: Int, _ what: String, at location: SourceLocation) throws(SQLSyntaxError) {
        guard height <= SQLParser.maximumHeight else {
            throw error(
                "\(what) nested too deeply (limit \(SQLParser.maximumHeight) levels of operators and subqueries)",
                at: location)
        }
    }

    /// An expression node, its height checked.
    func make(_ kind: Expression.Kind, at location: SourceLocation) throws(SQLSyntaxError) -> Expression {
        let expression = Expression(kind, at: location)
        try checkHeight(expression.height, "expression", at: location)
        return expression
    }

    // MARK: Errors

    func error(_ message: String, at location: SourceLocation) -> SQLSyntaxError {
        source.error(message, at: location)
    }

    /// "expected X, found Y" at the current token — unless a clearer message applies: an
    /// unsupported clause (`SORT BY`), or a misspelt keyword, either here (`GRUOP BY`) or
    /// just before, read as an alias (`SELECT a FORM t` fails at `t`; FORM is the culprit).
    func unexpected(expected: String, suggesting keywords: [Keyword] = Parser.clauseKeywords) -> SQLSyntaxError {
        if let message = unsupportedClause() { return error(message, at: current.location) }
        if let alias = lastImplicitAlias, alias == index - 1, let keyword = misspelt(tokens[alias], among: keywords) {
            let token = tokens[alias]
            return error("expected \(keyword.rawValue), found \(token.quotedForMessage)", at: token.location)
        }
        if let keyword = misspelt(current, among: keywords) {
            return error("expected \(keyword.rawValue), found \(current.quotedForMessage)", at: current.location)
        }
        var message = "expected \(expected), found \(current.quotedForMessage)"
        if current.keyword?.isReserved == true, expected.hasPrefix("a ") || expected == "expression" {
            message += " (a keyword; write `\(current.text)` to use it as a name)"
        }
        return error(message, at: current.location)
    }

    /// Clauses Spark has and medallion does not (yet), named in the error.
    func unsupportedClause() -> String? {
        guard current.kind == .word else { return nil }
        let word = current.upperText
        switch word {
        case "SORT", "CLUSTER", "DISTRIBUTE":
            return peek().keyword == .by ? "\(word) BY is not supported; use ORDER BY" : nil
        case "PIVOT", "UNPIVOT", "TABLESAMPLE":
            return peek().kind == .leftParen ? "\(word) is not supported" : nil
        case "LATERAL":
            return "LATERAL is not supported"
        default:
            return nil
        }
    }
}

extension Token.Kind {
    /// How messages name the token kind: `')'`, `','`.
    var shown: String {
        switch self {
        case .word: "a name"
        case .quotedIdentifier: "a back-quoted name"
        case .string: "a string"
        case .number: "a number"
        case .leftParen: "'('"
        case .rightParen: "')'"
        case .leftBracket: "'['"
        case .rightBracket: "']'"
        case .comma: "','"
        case .semicolon: "';'"
        case .dot: "'.'"
        case .colon: "':'"
        case .doubleColon: "'::'"
        case .plus: "'+'"
        case .minus: "'-'"
        case .star: "'*'"
        case .slash: "'/'"
        case .percent: "'%'"
        case .tilde: "'~'"
        case .ampersand: "'&'"
        case .pipe: "'|'"
        case .doublePipe: "'||'"
        case .caret: "'^'"
        case .bang: "'!'"
        case .equal: "'='"
        case .notEqual: "'<>'"
        case .nullSafeEqual: "'<=>'"
        case .less: "'<'"
        case .lessOrEqual: "'<='"
        case .greater: "'>'"
        case .greaterOrEqual: "'>='"
        case .end: "end of input"
        }
    }
}
