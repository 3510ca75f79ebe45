extension Parser {
    /// What follows OVER (or `name AS` in a WINDOW clause): `w`, `(w)`, or `(…)`.
    mutating func parseWindowReference() throws(SQLSyntaxError) -> WindowReference {
        guard isAt(.leftParen) else { return .named(try parseIdentifier("a window name or '('")) }
        if isName(peek()), peek(2).kind == .rightParen, peek().keyword != .partition {
            advance()
            let name = identifier(advance())
            advance()
            return .named(name)
        }
        return .specification(try parseWindowSpecification())
    }

    /// `([PARTITION BY …] [ORDER BY …] [frame])`.
    private mutating func parseWindowSpecification() throws(SQLSyntaxError) -> WindowSpecification {
        let start = try expect(.leftParen).location
        var specification = WindowSpecification(at: start)
        if isAt(.partition), peek().keyword == .by {
            advance()
            advance()
            repeat { specification.partitionBy.append(try parseExpression()) } while accept(.comma)
        }
        if isAt(.order), peek().keyword == .by {
            advance()
            advance()
            specification.orderBy = try parseOrderItems()
        }
        if isAt(.rows) || isAt(.range) { specification.frame = try parseWindowFrame() }
        guard accept(.rightParen) else {
            throw unexpected(expected: specification.frame == nil ? "PARTITION BY, ORDER BY, ROWS, RANGE or ')'" : "')'")
        }
        return specification
    }

    /// `ROWS | RANGE BETWEEN start AND end`, or `ROWS | RANGE start` (which ends at CURRENT ROW).
    private mutating func parseWindowFrame() throws(SQLSyntaxError) -> WindowFrame {
        let unitToken = advance()
        let unit: WindowFrame.Unit = unitToken.keyword == .rows ? .rows : .range
        let startLocation = current.location
        let start: FrameBound
        let end: FrameBound
        var endLocation = startLocation
        if accept(.between) {
            start = try parseFrameBound()
            try expect(.and)
            endLocation = current.location
            end = try parseFrameBound()
        } else {
            start = try parseFrameBound()
            end = .currentRow
        }
        if case .unboundedFollowing = start {
            throw error("a window frame cannot start at UNBOUNDED FOLLOWING", at: startLocation)
        }
        if case .unboundedPreceding = end {
            throw error("a window frame cannot end at UNBOUNDED PRECEDING", at: endLocation)
        }
        if start.rank > end.rank {
            throw error("a window frame cannot start after it ends", at: startLocation)
        }
        return WindowFrame(unit: unit, start: start, end: end, at: unitToken.location)
    }

    /// `UNBOUNDED PRECEDING | FOLLOWING`, `CURRENT ROW`, `n PRECEDING | FOLLOWING`.
    private mutating func parseFrameBound() throws(SQLSyntaxError) -> FrameBound {
        if accept(.unbounded) {
            if accept(.preceding) { return .unboundedPreceding }
            if accept(.following) { return .unboundedFollowing }
            throw unexpected(expected: "PRECEDING or FOLLOWING")
        }
        if isAt(.current), peek().keyword == .row {
            advance()
            advance()
            return .currentRow
        }
        let offset = try parseExpression(.bitwiseOr)
        if accept(.preceding) { return .preceding(offset) }
        if accept(.following) { return .following(offset) }
        throw unexpected(expected: "PRECEDING or FOLLOWING")
    }
}
