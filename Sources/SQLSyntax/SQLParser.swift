/// Entry points of the Spark SQL front end: text in, syntax tree (or `SQLSyntaxError`) out.
///
///     let statements = try SQLParser.parseScript("SHOW TABLES IN gold; SELECT * FROM gold.fact_orders LIMIT 5")
///
/// The parser only reads: DDL and DML (`INSERT`, `CREATE`, `MERGE`, …) are refused with
/// "medallion sql is read-only: INSERT is not supported". Names are not resolved here.
public enum SQLParser {
    /// How deeply parentheses, subqueries, unary operators and types may nest.
    public static let maximumDepth = 256

    /// The tallest tree the parser returns (`Expression.height`, `Query.height`…). Long
    /// chains such as `x = 1 OR x = 2 OR …` count one level per operator (write long OR
    /// chains as `x IN (…)`, which is flat). Recursive passes over a tree this tall stay
    /// within an 8 MiB stack even in debug builds, where a synthesized `==` on
    /// `Expression` takes about 12 KiB per level; keep frames of later passes in mind.
    public static let maximumHeight = 400

    /// Exactly one statement (a trailing `;` is allowed).
    public static func parseStatement(_ sql: String) throws(SQLSyntaxError) -> Statement {
        var parser = try Parser(sql)
        return try parser.parseSingleStatement()
    }

    /// Every statement of a script, separated by `;`; each carries its `range` in the text.
    /// An empty script (or only comments and semicolons) gives no statements.
    public static func parseScript(_ sql: String) throws(SQLSyntaxError) -> [Statement] {
        var parser = try Parser(sql)
        return try parser.parseScript()
    }

    /// One query (`SELECT`, `WITH`, set operations); other statements are an error.
    public static func parseQuery(_ sql: String) throws(SQLSyntaxError) -> Query {
        var parser = try Parser(sql)
        guard parser.startsQuery else { throw parser.notAStatement(expected: "a query (SELECT or WITH)") }
        let query = try parser.parseQuery()
        while parser.accept(.semicolon) {}
        guard parser.isAtEnd else { throw parser.unexpected(expected: "end of input") }
        return query
    }

    /// One expression and nothing after it (`revenue * 1.2 > 100`).
    public static func parseExpression(_ sql: String) throws(SQLSyntaxError) -> Expression {
        var parser = try Parser(sql)
        let expression = try parser.parseExpression()
        guard parser.isAtEnd else { throw parser.unexpected(expected: "end of input") }
        return expression
    }

    /// The tokens of a text, ending with an `.end` token.
    public static func tokenize(_ sql: String) throws(SQLSyntaxError) -> [Token] {
        try Lexer.tokenize(SourceText(sql))
    }
}
