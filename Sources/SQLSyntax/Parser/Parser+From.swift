extension Parser {
    /// A FROM item and the joins that follow it, nesting to the left.
    mutating func parseJoinedTable() throws(SQLSyntaxError) -> TableReference {
        var left = try parseTablePrimary()
        while let (kind, isNatural) = try parseJoinOperator() {
            let right = try parseTablePrimary()
            var condition: JoinCondition?
            if isNatural {
                if isAt(.on) || isAt(.using) {
                    throw error("a NATURAL join takes no ON or USING condition", at: current.location)
                }
                condition = .natural
            } else if accept(.on) {
                condition = .on(try parseExpression())
            } else if accept(.using) {
                condition = .using(try parseIdentifierList())
            }
            left = TableReference(.join(Join(kind, left, right, condition: condition)), at: left.location)
            try checkHeight(left.height, "join", at: left.location)
        }
        return left
    }

    /// `[NATURAL] [INNER | CROSS | LEFT [OUTER | SEMI | ANTI] | RIGHT [OUTER] | FULL [OUTER] | SEMI | ANTI] JOIN`,
    /// or nil when no join follows.
    private mutating func parseJoinOperator() throws(SQLSyntaxError) -> (Join.Kind, Bool)? {
        let naturalAt = current.location
        let isNatural = accept(.natural)
        let kind: Join.Kind
        if accept(.join) {
            return (.inner, isNatural)
        } else if accept(.inner) {
            kind = .inner
        } else if accept(.cross) {
            kind = .cross
        } else if accept(.left) {
            if accept(.semi) {
                kind = .leftSemi
            } else if accept(.anti) {
                kind = .leftAnti
            } else {
                _ = accept(.outer)
                kind = .left
            }
        } else if accept(.right) {
            _ = accept(.outer)
            kind = .right
        } else if accept(.full) {
            _ = accept(.outer)
            kind = .full
        } else if accept(.semi) {
            kind = .leftSemi
        } else if accept(.anti) {
            kind = .leftAnti
        } else {
            if isNatural { throw unexpected(expected: "JOIN") }
            return nil
        }
        try expect(.join)
        if isNatural, kind == .cross || kind == .leftSemi || kind == .leftAnti {
            throw error("NATURAL \(kind.rawValue) is not supported", at: naturalAt)
        }
        return (kind, isNatural)
    }

    /// A table (with time travel and alias), a subquery with its alias, or a
    /// parenthesized join.
    private mutating func parseTablePrimary() throws(SQLSyntaxError) -> TableReference {
        try descend("query")
        defer { ascend() }
        let start = current.location
        if isAt(.leftParen) {
            if opensQuery(at: index) {
                advance()
                let query = try parseQuery()
                try expect(.rightParen)
                let table = TableReference(.subquery(query, alias: try parseTableAlias()), at: start)
                try checkHeight(table.height, "query", at: start)
                return table
            }
            advance()
            let inner = try parseJoinedTable()
            try expect(.rightParen)
            if isAt(.as) || (isName(current) && unsupportedClause() == nil) {
                throw error("an alias for a parenthesized join is not supported; alias its tables", at: current.location)
            }
            return inner
        }
        let name = try parseQualifiedName("a table name")
        if isAt(.leftParen) {
            throw error("table-valued functions such as \(name)(…) are not supported", at: start)
        }
        let timeTravel = try parseTimeTravel()
        return TableReference(.table(name, timeTravel: timeTravel, alias: try parseTableAlias()), at: start)
    }

    /// `[AS] name [(col, …)]`, or nil.
    private mutating func parseTableAlias() throws(SQLSyntaxError) -> TableAlias? {
        guard let name = try parseAlias() else { return nil }
        var columns: [Identifier] = []
        if isAt(.leftParen) { columns = try parseIdentifierList() }
        return TableAlias(name, columns: columns)
    }

    /// `[FOR] VERSION | SYSTEM_VERSION AS OF n` or `[FOR] TIMESTAMP | SYSTEM_TIME AS OF expression`.
    private mutating func parseTimeTravel() throws(SQLSyntaxError) -> TimeTravel? {
        let hasFor = isAt(.for)
        let word = peek(hasFor ? 1 : 0)
        guard peek(hasFor ? 2 : 1).keyword == .as, peek(hasFor ? 3 : 2).keyword == .of,
              [.version, .systemVersion, .timestamp, .systemTime].contains(word.keyword)
        else {
            if hasFor { throw unexpected(expected: "SYSTEM_VERSION AS OF or SYSTEM_TIME AS OF") }
            return nil
        }
        for _ in 0 ..< (hasFor ? 4 : 3) { advance() }
        if word.keyword == .version || word.keyword == .systemVersion {
            let token = current
            let isVersion: Bool
            switch token.kind {
            case .number(.integer), .string: isVersion = true
            default: isVersion = false
            }
            guard isVersion, let version = Int64(token.value), version >= 0 else {
                throw unexpected(expected: "a version number after VERSION AS OF")
            }
            advance()
            return .version(version)
        }
        return .timestamp(try parseExpression(.bitwiseOr))
    }
}
