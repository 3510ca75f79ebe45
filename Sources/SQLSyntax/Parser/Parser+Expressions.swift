extension Parser {
    /// An expression whose operators bind at least as tightly as `minimum`
    /// (precedence climbing: each operator's right side binds one level tighter, so
    /// every binary operator groups left to right).
    mutating func parseExpression(_ minimum: Precedence = .lowest) throws(SQLSyntaxError) -> Expression {
        try descend("expression")
        defer { ascend() }
        let left = try parsePrefix()
        return try parseOperators(after: left, minimum)
    }

    /// Applies the infix and postfix operators that follow `left`.
    mutating func parseOperators(after left: Expression, _ minimum: Precedence) throws(SQLSyntaxError) -> Expression {
        var left = left
        // `x::INT::STRING` prints back as nested CASTs, which the parser reads recursively:
        // count each `::` as a level of nesting so whatever parses also reparses printed.
        var casts = 0
        defer { depth -= casts }
        while let precedence = operatorPrecedence, precedence >= minimum {
            if current.kind == .doubleColon {
                try descend("expression")
                casts += 1
            }
            left = try parseOperator(after: left, precedence)
        }
        return left
    }

    /// The precedence of the operator at the cursor, or nil when none starts here.
    private var operatorPrecedence: Precedence? {
        switch current.kind {
        case .word:
            switch current.keyword {
            case .or: .or
            case .and: .and
            case .is, .in, .between, .like, .ilike, .rlike, .regexp: .comparison
            case .not: startsPredicate(peek()) ? .comparison : nil
            case .div: .multiplicative
            default: nil
            }
        case .bang: startsPredicate(peek()) ? .comparison : nil
        case .equal, .notEqual, .nullSafeEqual, .less, .lessOrEqual, .greater, .greaterOrEqual: .comparison
        case .pipe: .bitwiseOr
        case .caret: .bitwiseXor
        case .ampersand: .bitwiseAnd
        case .plus, .minus, .doublePipe: .additive
        case .star, .slash, .percent: .multiplicative
        case .doubleColon, .leftBracket, .dot: .postfix
        default: nil
        }
    }

    /// IN, BETWEEN and the LIKE family: the words that may follow NOT as an operator.
    private func startsPredicate(_ token: Token) -> Bool {
        switch token.keyword {
        case .in, .between, .like, .ilike, .rlike, .regexp: true
        default: false
        }
    }

    private mutating func parseOperator(after left: Expression, _ precedence: Precedence) throws(SQLSyntaxError) -> Expression {
        let start = left.location
        switch current.kind {
        case .doubleColon:
            advance()
            return try make(.cast(left, try parseDataType()), at: start)
        case .leftBracket:
            advance()
            let subscriptIndex = try parseExpression()
            try expect(.rightBracket)
            return try make(.element(left, index: subscriptIndex), at: start)
        case .dot:
            advance()
            return try make(.field(left, try parseAnyWord("a field name after '.'")), at: start)
        case .word where current.keyword == .is:
            return try parseIsPredicate(left)
        case .word where current.keyword != .or && current.keyword != .and && current.keyword != .div, .bang:
            return try parsePredicate(left)
        default:
            guard let op = binaryOperator(current) else { throw unexpected(expected: "an operator") }
            advance()
            let right = try parseExpression(precedence.tighter)
            return try make(.binary(op, left, right), at: start)
        }
    }

    private func binaryOperator(_ token: Token) -> BinaryOperator? {
        switch token.kind {
        case .word:
            switch token.keyword {
            case .or: .or
            case .and: .and
            case .div: .integerDivide
            default: nil
            }
        case .equal: .equal
        case .notEqual: .notEqual
        case .nullSafeEqual: .nullSafeEqual
        case .less: .less
        case .lessOrEqual: .lessOrEqual
        case .greater: .greater
        case .greaterOrEqual: .greaterOrEqual
        case .pipe: .bitwiseOr
        case .caret: .bitwiseXor
        case .ampersand: .bitwiseAnd
        case .plus: .add
        case .minus: .subtract
        case .doublePipe: .concat
        case .star: .multiply
        case .slash: .divide
        case .percent: .modulo
        default: nil
        }
    }

    /// `IS [NOT] NULL | TRUE | FALSE | UNKNOWN | DISTINCT FROM x`.
    private mutating func parseIsPredicate(_ left: Expression) throws(SQLSyntaxError) -> Expression {
        let start = left.location
        advance()
        let negated = accept(.not)
        if accept(.null) { return try make(.isNull(left, negated: negated), at: start) }
        if accept(.true) { return try make(.isBoolean(left, true, negated: negated), at: start) }
        if accept(.false) { return try make(.isBoolean(left, false, negated: negated), at: start) }
        if accept(.unknown) { return try make(.isBoolean(left, nil, negated: negated), at: start) }
        if accept(.distinct) {
            try expect(.from)
            let right = try parseExpression(.bitwiseOr)
            return try make(.isDistinctFrom(left, right, negated: negated), at: start)
        }
        throw unexpected(expected: "NULL, TRUE, FALSE, UNKNOWN or DISTINCT FROM after IS")
    }

    /// `[NOT] IN (…)`, `[NOT] BETWEEN a AND b`, `[NOT] LIKE | ILIKE | RLIKE p [ESCAPE 'c']`.
    /// Their operands bind tighter than comparisons, so `x BETWEEN 1 AND 2 AND y` ends
    /// the BETWEEN at `2`.
    private mutating func parsePredicate(_ left: Expression) throws(SQLSyntaxError) -> Expression {
        let start = left.location
        let negated = accept(.not) || accept(.bang)
        let keyword = advance().keyword
        switch keyword {
        case .in:
            return try parseInList(left, negated: negated)
        case .between:
            let low = try parseExpression(.bitwiseOr)
            try expect(.and)
            let high = try parseExpression(.bitwiseOr)
            return try make(.between(left, low: low, high: high, negated: negated), at: start)
        default:
            let op: LikeOperator = keyword == .like ? .like : keyword == .ilike ? .ilike : .rlike
            let pattern = try parseExpression(.bitwiseOr)
            var escape: Character?
            if op != .rlike, isAt(.escape) {
                advance()
                let token = current
                guard token.kind == .string, token.value.count == 1, let character = token.value.first else {
                    throw error("ESCAPE takes a string of one character, found \(token.quotedForMessage)", at: token.location)
                }
                advance()
                escape = character
            }
            return try make(.like(left, pattern: pattern, op, escape: escape, negated: negated), at: start)
        }
    }

    /// The `(…)` after IN: a subquery or a list of values.
    private mutating func parseInList(_ left: Expression, negated: Bool) throws(SQLSyntaxError) -> Expression {
        let start = left.location
        guard isAt(.leftParen) else { throw unexpected(expected: "'(' after IN") }
        if opensQuery(at: index) {
            advance()
            let query = try parseQuery()
            try expect(.rightParen)
            return try make(.inSubquery(left, query, negated: negated), at: start)
        }
        advance()
        var values: [Expression] = []
        repeat { values.append(try parseExpression()) } while accept(.comma)
        try expect(.rightParen)
        return try make(.inList(left, values, negated: negated), at: start)
    }

    // MARK: Prefix operators

    /// `NOT x`, `-x`, `+x`, `~x`, or a primary. A minus right before a number makes a
    /// negative literal (Spark's reading: `-9223372036854775808L` is a valid BIGINT).
    private mutating func parsePrefix() throws(SQLSyntaxError) -> Expression {
        let token = current
        let start = token.location
        switch token.kind {
        case .word where token.keyword == .not, .bang:
            advance()
            return try make(.unary(.not, try parseExpression(.not)), at: start)
        case .minus:
            if case .number(let kind) = peek().kind {
                advance()
                let number = advance()
                return try make(.literal(.number(NumericLiteral("-" + number.value, kind))), at: start)
            }
            advance()
            return try make(.unary(.negate, try parseExpression(.unary)), at: start)
        case .plus:
            advance()
            return try make(.unary(.plus, try parseExpression(.unary)), at: start)
        case .tilde:
            advance()
            return try make(.unary(.bitwiseNot, try parseExpression(.unary)), at: start)
        default:
            return try parsePrimary()
        }
    }
}
