extension Parser {
    /// `[WITH …] body [ORDER BY …] [LIMIT n | ALL] [OFFSET m]`.
    mutating func parseQuery() throws(SQLSyntaxError) -> Query {
        try descend("query")
        defer { ascend() }
        let start = current.location
        var ctes: [CommonTableExpression] = []
        if accept(.with) {
            if isAt(.recursive) { throw error("WITH RECURSIVE is not supported", at: current.location) }
            repeat { ctes.append(try parseCommonTableExpression()) } while accept(.comma)
        }
        let body = try parseQueryBody(minimumLevel: 1)
        var orderBy: [OrderItem] = []
        if isAt(.order) {
            advance()
            try expect(.by)
            orderBy = try parseOrderItems()
        }
        var limit: Expression?
        if accept(.limit), !accept(.all) { limit = try parseExpression() }
        var offset: Expression?
        if accept(.offset) { offset = try parseExpression() }
        let query = Query(ctes: ctes, body: body, orderBy: orderBy, limit: limit, offset: offset, at: start)
        try checkHeight(query.height, "query", at: start)
        return query
    }

    /// `name [(columns)] [AS] (query)`.
    private mutating func parseCommonTableExpression() throws(SQLSyntaxError) -> CommonTableExpression {
        let name = try parseIdentifier("a name for the WITH query")
        var columns: [Identifier] = []
        if isAt(.leftParen), peek().keyword != .select, peek().keyword != .with { columns = try parseIdentifierList() }
        _ = accept(.as)
        try expect(.leftParen)
        let query = try parseQuery()
        try expect(.rightParen)
        return CommonTableExpression(name: name, columns: columns, query: query)
    }

    /// Set operations, left to right; INTERSECT binds tighter than UNION and EXCEPT
    /// (level 2 against 1), as in Spark and the SQL standard.
    private mutating func parseQueryBody(minimumLevel: Int) throws(SQLSyntaxError) -> QueryBody {
        var left = try parseQueryPrimary()
        while let (op, level) = setOperatorAhead, level >= minimumLevel {
            advance()
            var isAll = false
            if accept(.all) { isAll = true } else { _ = accept(.distinct) }
            let right = try parseQueryBody(minimumLevel: level + 1)
            left = QueryBody(.setOperation(SetOperation(op, isAll: isAll, left, right)), at: left.location)
            try checkHeight(left.height, "query", at: left.location)
        }
        return left
    }

    private var setOperatorAhead: (SetOperation.Operator, Int)? {
        switch current.keyword {
        case .union: (.union, 1)
        case .except, .minus: (.except, 1)
        case .intersect: (.intersect, 2)
        default: nil
        }
    }

    /// `SELECT …` or `( query )`.
    private mutating func parseQueryPrimary() throws(SQLSyntaxError) -> QueryBody {
        let start = current.location
        if isAt(.select) { return QueryBody(.select(try parseSelect()), at: start) }
        if accept(.leftParen) {
            let query = try parseQuery()
            try expect(.rightParen)
            return QueryBody(.nested(query), at: start)
        }
        throw notAStatement(expected: "SELECT or '('")
    }

    /// `SELECT [DISTINCT | ALL] items [FROM …] [WHERE …] [GROUP BY …] [HAVING …]
    /// [WINDOW …] [QUALIFY …]` (WINDOW and QUALIFY in either order).
    private mutating func parseSelect() throws(SQLSyntaxError) -> Select {
        try expect(.select)
        var select = Select(items: [])
        if accept(.distinct) { select.isDistinct = true } else { _ = accept(.all) }
        repeat { select.items.append(try parseSelectItem()) } while accept(.comma)
        if accept(.from) {
            repeat { select.from.append(try parseJoinedTable()) } while accept(.comma)
        }
        if accept(.where) { select.whereClause = try parseExpression() }
        if isAt(.group) {
            advance()
            try expect(.by)
            select.groupBy = try parseGroupBy()
        }
        if accept(.having) { select.having = try parseExpression() }
        if accept(.window) { select.windows = try parseNamedWindows() }
        if accept(.qualify) { select.qualify = try parseExpression() }
        if select.windows.isEmpty, accept(.window) { select.windows = try parseNamedWindows() }
        return select
    }

    /// `*`, `t.*`, or `expression [[AS] alias]`.
    private mutating func parseSelectItem() throws(SQLSyntaxError) -> SelectItem {
        if let star = try parseStarIfPresent() { return SelectItem(star) }
        let expression = try parseExpression()
        return SelectItem(expression, alias: try parseAlias())
    }

    /// `*` or `name(.name)*.*`, where a star may stand (select lists, call arguments).
    mutating func parseStarIfPresent() throws(SQLSyntaxError) -> Expression? {
        let start = current.location
        if accept(.star) { return try make(.star(qualifier: nil), at: start) }
        var ahead = 0
        while isName(peek(ahead)) || (ahead > 0 && peek(ahead).kind == .word) {
            guard peek(ahead + 1).kind == .dot else { return nil }
            if peek(ahead + 2).kind == .star {
                var parts: [Identifier] = []
                for _ in 0 ... ahead / 2 {
                    parts.append(identifier(advance()))
                    advance()  // the dot
                }
                advance()  // the star
                return try make(.star(qualifier: QualifiedName(parts)), at: start)
            }
            ahead += 2
        }
        return nil
    }

    /// `AS name`, or a bare name (an implicit alias), or nothing.
    mutating func parseAlias() throws(SQLSyntaxError) -> Identifier? {
        if accept(.as) { return try parseIdentifier("a name after AS") }
        guard isName(current), unsupportedClause() == nil else { return nil }
        lastImplicitAlias = index
        return identifier(advance())
    }

    /// `expression [ASC | DESC] [NULLS FIRST | LAST]`, comma-separated.
    mutating func parseOrderItems() throws(SQLSyntaxError) -> [OrderItem] {
        var items: [OrderItem] = []
        repeat {
            var item = OrderItem(try parseExpression())
            if accept(.asc) {
                item.direction = .ascending
            } else if accept(.desc) {
                item.direction = .descending
            }
            if isAt(.nulls), peek().keyword == .first || peek().keyword == .last {
                advance()
                item.nulls = advance().keyword == .first ? .first : .last
            }
            items.append(item)
        } while accept(.comma)
        return items
    }

    // MARK: GROUP BY

    /// Grouping elements; `GROUP BY a, b WITH ROLLUP | CUBE` becomes `ROLLUP(a, b)` / `CUBE(a, b)`.
    private mutating func parseGroupBy() throws(SQLSyntaxError) -> [GroupingElement] {
        var elements: [GroupingElement] = []
        repeat { elements.append(try parseGroupingElement()) } while accept(.comma)
        if isAt(.with), peek().keyword == .rollup || peek().keyword == .cube {
            let location = current.location
            advance()
            let isRollup = advance().keyword == .rollup
            var sets: [[Expression]] = []
            for element in elements {
                guard case .expression(let expression) = element else {
                    throw error("WITH ROLLUP and WITH CUBE take plain expressions", at: location)
                }
                sets.append([expression])
            }
            elements = [isRollup ? .rollup(sets) : .cube(sets)]
        }
        return elements
    }

    private mutating func parseGroupingElement() throws(SQLSyntaxError) -> GroupingElement {
        if isAt(.rollup), peek().kind == .leftParen {
            advance()
            return .rollup(try parseGroupingSets())
        }
        if isAt(.cube), peek().kind == .leftParen {
            advance()
            return .cube(try parseGroupingSets())
        }
        if isAt(.grouping), peek().keyword == .sets {
            advance()
            advance()
            return .groupingSets(try parseGroupingSets())
        }
        return .expression(try parseExpression())
    }

    /// `(set, set, …)` where a set is `expression` or `(expression, …)` or `()`.
    private mutating func parseGroupingSets() throws(SQLSyntaxError) -> [[Expression]] {
        try expect(.leftParen)
        var sets: [[Expression]] = []
        repeat {
            if isAt(.leftParen), parenthesisHoldsList(at: index) {
                advance()
                var set: [Expression] = []
                if !isAt(.rightParen) {
                    repeat { set.append(try parseExpression()) } while accept(.comma)
                }
                try expect(.rightParen)
                sets.append(set)
            } else {
                sets.append([try parseExpression()])
            }
        } while accept(.comma)
        try expect(.rightParen)
        return sets
    }

    /// Whether the `(` at `position` holds `()` or a comma-separated list (rather than
    /// one parenthesized expression).
    private func parenthesisHoldsList(at position: Int) -> Bool {
        let close = closingParen[position]
        guard close > position else { return false }
        if close == position + 1 { return true }
        var nesting = 0
        for token in tokens[(position + 1) ..< close] {
            switch token.kind {
            case .leftParen, .leftBracket: nesting += 1
            case .rightParen, .rightBracket: nesting -= 1
            case .comma where nesting == 0: return true
            default: break
            }
        }
        return false
    }

    /// `name AS window, …` after WINDOW.
    private mutating func parseNamedWindows() throws(SQLSyntaxError) -> [NamedWindow] {
        var windows: [NamedWindow] = []
        repeat {
            let name = try parseIdentifier("a window name")
            try expect(.as)
            windows.append(NamedWindow(name: name, window: try parseWindowReference()))
        } while accept(.comma)
        return windows
    }

    // MARK: Parenthesized queries

    /// Whether the `(` at `position` opens a query: `(SELECT …`, `(WITH …`, or further
    /// parentheses around one that carry on as a query (`((SELECT …) UNION (SELECT …))`)
    /// rather than as an expression (`((SELECT …) + 1)`) or a join (`((SELECT …) s JOIN t …)`).
    /// Decided by looking at the tokens, so nothing is parsed twice.
    func opensQuery(at position: Int) -> Bool {
        var opens = [position]
        while opens.count <= SQLParser.maximumDepth, let last = opens.last, last + 1 < tokens.count,
              tokens[last + 1].kind == .leftParen {
            opens.append(last + 1)
        }
        guard let innermost = opens.last, innermost + 1 < tokens.count,
              tokens[innermost + 1].keyword == .select || tokens[innermost + 1].keyword == .with
        else { return false }
        // Each enclosing parenthesis must carry on as a query after the one inside it.
        for inner in opens.dropFirst() {
            let close = closingParen[inner]
            guard close > 0, close + 1 < tokens.count else { return false }
            let next = tokens[close + 1]
            switch next.keyword {
            case .union, .intersect, .except, .minus, .order, .limit, .offset: continue
            default: if next.kind != .rightParen { return false }
            }
        }
        return true
    }
}
