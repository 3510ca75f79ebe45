extension Parser {
    /// Literals, names, calls, CASE, CAST, EXISTS, subqueries, parenthesized expressions.
    mutating func parsePrimary() throws(SQLSyntaxError) -> Expression {
        let token = current
        let start = token.location
        switch token.kind {
        case .number(let kind):
            advance()
            return try make(.literal(.number(NumericLiteral(token.value, kind))), at: start)
        case .string:
            // Adjacent strings are one: 'abc' 'def' is 'abcdef', as in Spark.
            var text = ""
            while isAt(.string) { text += advance().value }
            return try make(.literal(.string(text)), at: start)
        case .leftParen:
            if opensQuery(at: index) {
                advance()
                let query = try parseQuery()
                try expect(.rightParen)
                return try make(.scalarSubquery(query), at: start)
            }
            advance()
            let inner = try parseExpression()
            if isAt(.comma) { throw error("row values such as (a, b) are not supported", at: current.location) }
            try expect(.rightParen)
            return inner
        case .quotedIdentifier:
            return try parseNameOrCall()
        case .word:
            return try parseWordPrimary()
        default:
            throw unexpected(expected: "expression")
        }
    }

    /// A primary that starts with a word: a keyword form, a typed literal, or a name.
    private mutating func parseWordPrimary() throws(SQLSyntaxError) -> Expression {
        let token = current
        let start = token.location
        let callFollows = peek().kind == .leftParen
        switch token.keyword {
        case .null:
            advance()
            return try make(.literal(.null), at: start)
        case .true, .false:
            advance()
            return try make(.literal(.boolean(token.keyword == .true)), at: start)
        case .case:
            return try parseCase()
        case .cast:
            return try parseCast()
        case .tryCast where callFollows:
            return try parseCast()
        case .exists:
            advance()
            guard isAt(.leftParen), opensQuery(at: index) else { throw unexpected(expected: "'(SELECT' after EXISTS") }
            advance()
            let query = try parseQuery()
            try expect(.rightParen)
            return try make(.exists(query), at: start)
        case .interval where startsIntervalLiteral:
            return try parseIntervalLiteral()
        case let typed? where TypedLiteralType(rawValue: typed.rawValue) != nil && peek().kind == .string:
            advance()
            let text = advance().value
            let type = TypedLiteralType(rawValue: token.upperText) ?? .date
            return try make(.literal(.typed(type, text)), at: start)
        case .extract where callFollows && peek(3).keyword == .from:
            return try parseExtract()
        case .position where callFollows:
            return try parsePosition()
        case .substring where callFollows, .substr where callFollows:
            return try parseSubstring()
        default:
            if let keyword = token.keyword, keyword.isReserved, !(keyword.isFunctionName && callFollows) {
                throw unexpected(expected: "expression")
            }
            return try parseNameOrCall()
        }
    }

    /// `a`, `t.a`, `layer.t.a`, or a call `f(…)`, `layer.f(…)`.
    private mutating func parseNameOrCall() throws(SQLSyntaxError) -> Expression {
        let start = current.location
        var parts = [identifier(advance())]
        while isAt(.dot), peek().kind == .word || peek().kind == .quotedIdentifier {
            advance()
            parts.append(identifier(advance()))
        }
        let name = QualifiedName(parts)
        if isAt(.leftParen) { return try parseCall(name, at: start) }
        if isAt(.dot), peek().kind == .star {
            throw error("'\(name).*' is only allowed in a select list or as a function argument", at: start)
        }
        return try make(.column(name), at: start)
    }

    /// `name([DISTINCT | ALL] args) [FILTER (WHERE …)] [IGNORE | RESPECT NULLS] [OVER …]`;
    /// `first` is an argument already read (POSITION and SUBSTRING look at theirs first).
    private mutating func parseCall(
        _ name: QualifiedName, at start: SourceLocation, first: Expression? = nil
    ) throws(SQLSyntaxError) -> Expression {
        var call = FunctionCall(name: name, arguments: [])
        if let first {
            call.arguments.append(first)
            while accept(.comma) { call.arguments.append(try parseArgument()) }
        } else {
            try expect(.leftParen)
            if !isAt(.rightParen) {
                if accept(.distinct) { call.isDistinct = true } else { _ = accept(.all) }
                repeat { call.arguments.append(try parseArgument()) } while accept(.comma)
            }
        }
        try expect(.rightParen)
        if isAt(.filter), peek().kind == .leftParen {
            advance()
            advance()
            try expect(.where)
            call.filter = try parseExpression()
            try expect(.rightParen)
        }
        if isAt(.ignore) || isAt(.respect), peek().keyword == .nulls {
            call.nullTreatment = advance().keyword == .ignore ? .ignoreNulls : .respectNulls
            advance()
        }
        if accept(.over) { call.window = try parseWindowReference() }
        return try make(.function(call), at: start)
    }

    private mutating func parseArgument() throws(SQLSyntaxError) -> Expression {
        if let star = try parseStarIfPresent() { return star }
        return try parseExpression()
    }

    /// `CASE [operand] WHEN … THEN … [ELSE …] END`.
    private mutating func parseCase() throws(SQLSyntaxError) -> Expression {
        let start = advance().location
        let operand = isAt(.when) ? nil : try parseExpression()
        var branches: [WhenClause] = []
        while accept(.when) {
            let condition = try parseExpression()
            try expect(.then)
            branches.append(WhenClause(condition: condition, result: try parseExpression()))
        }
        if branches.isEmpty { throw unexpected(expected: "WHEN") }
        let elseResult = accept(.else) ? try parseExpression() : nil
        guard accept(Keyword.end) else { throw unexpected(expected: elseResult == nil ? "WHEN, ELSE or END" : "END") }
        let caseExpression = CaseExpression(operand: operand, branches: branches, elseResult: elseResult)
        return try make(.caseWhen(caseExpression), at: start)
    }

    /// `CAST(x AS type)`, `TRY_CAST(x AS type)`.
    private mutating func parseCast() throws(SQLSyntaxError) -> Expression {
        let keyword = advance()
        try expect(.leftParen)
        let value = try parseExpression()
        try expect(.as)
        let type = try parseDataType()
        try expect(.rightParen)
        let kind: Expression.Kind = keyword.keyword == .tryCast ? .tryCast(value, type) : .cast(value, type)
        return try make(kind, at: keyword.location)
    }

    /// `EXTRACT(field FROM source)`.
    private mutating func parseExtract() throws(SQLSyntaxError) -> Expression {
        let start = advance().location
        try expect(.leftParen)
        let field = try parseAnyWord("a field such as YEAR")
        try expect(.from)
        let source = try parseExpression()
        try expect(.rightParen)
        return try make(.extract(field: field, from: source), at: start)
    }

    /// `POSITION(substring IN string)`, read as the call `position(substring, string)`.
    private mutating func parsePosition() throws(SQLSyntaxError) -> Expression {
        let nameToken = advance()
        let name = QualifiedName([identifier(nameToken)])
        if peek().kind == .rightParen { return try parseCall(name, at: nameToken.location) }
        try expect(.leftParen)
        let first = try parseExpression(.bitwiseOr)
        if accept(.in) {
            let string = try parseExpression(.bitwiseOr)
            try expect(.rightParen)
            return try make(.function(FunctionCall(name: name, arguments: [first, string])), at: nameToken.location)
        }
        return try parseCall(name, at: nameToken.location, first: try parseOperators(after: first, .lowest))
    }

    /// `SUBSTRING(s FROM start [FOR length])`, read as `substring(s, start[, length])`.
    private mutating func parseSubstring() throws(SQLSyntaxError) -> Expression {
        let nameToken = advance()
        let name = QualifiedName([identifier(nameToken)])
        if peek().kind == .rightParen { return try parseCall(name, at: nameToken.location) }
        try expect(.leftParen)
        let first = try parseExpression()
        guard accept(.from) else { return try parseCall(name, at: nameToken.location, first: first) }
        var arguments = [first, try parseExpression()]
        if accept(.for) { arguments.append(try parseExpression()) }
        try expect(.rightParen)
        return try make(.function(FunctionCall(name: name, arguments: arguments)), at: nameToken.location)
    }
}
