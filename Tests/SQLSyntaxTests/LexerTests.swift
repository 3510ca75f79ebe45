import SQLSyntax
import Testing

@Suite("Lexer")
struct LexerTests {
    private func kinds(_ sql: String) throws -> [Token.Kind] {
        try SQLParser.tokenize(sql).map(\.kind)
    }

    @Test("keywords match in any case; words keep their spelling; the last token is the end")
    func keywordsAndWords() throws {
        let tokens = try SQLParser.tokenize("sElEcT Revenue fRoM t")
        #expect(tokens.map(\.keyword) == [.select, nil, .from, nil, nil])
        #expect(tokens.map(\.text) == ["sElEcT", "Revenue", "fRoM", "t", ""])
        #expect(tokens.last?.kind == .end)
    }

    @Test("numbers: type from the form and suffix, digits kept exactly")
    func numbers() throws {
        let tokens = try SQLParser.tokenize("42 42L 7s 3Y 12.50 .5 5. 1e3 1.5E-2 1.5D 2F 12BD 1.50bd")
        let expected: [(NumericLiteral.Kind, String)] = [
            (.integer, "42"), (.bigint, "42"), (.smallint, "7"), (.tinyint, "3"), (.decimal, "12.50"), (.decimal, ".5"),
            (.decimal, "5."), (.double, "1e3"), (.double, "1.5E-2"), (.double, "1.5"), (.float, "2"), (.decimal, "12"),
            (.decimal, "1.50"),
        ]
        for (token, (kind, value)) in zip(tokens, expected) {
            #expect(token.kind == .number(kind), "\(token.text)")
            #expect(token.value == value, "\(token.text)")
        }
        #expect(tokens.count == expected.count + 1)
    }

    @Test("digits running into letters make a name, as Spark's identifiers may start with a digit")
    func digitLeadingNames() throws {
        let tokens = try SQLParser.tokenize("1st_order 2x 1e3x 10L_total")
        #expect(tokens.dropLast().allSatisfy { $0.kind == .word })
        #expect(tokens.map(\.text).dropLast() == ["1st_order", "2x", "1e3x", "10L_total"])
        #expect(syntaxError("SELECT 12.5abc")?.message == "invalid number '12.5abc'")
    }

    @Test("a dot after a name is a dot; elsewhere .5 is a number")
    func dotsAndDecimals() throws {
        #expect(try kinds("t.5") == [.word, .dot, .number(.integer), .end])
        #expect(try kinds("x=.5") == [.word, .equal, .number(.decimal), .end])
        #expect(try kinds("f(x).a") == [.word, .leftParen, .word, .rightParen, .dot, .word, .end])
    }

    @Test("string escapes as Spark reads them, and a doubled quote is one quote",
          arguments: [
              (#"'it\'s'"#, "it's"), ("'it''s'", "it's"), (#""say ""hi""""#, #"say "hi""#),
              (#"'a\nb\tc\\d'"#, "a\nb\tc\\d"), (#"'\u0041\U0001F600'"#, "A😀"), (#"'\uD83D\uDE00'"#, "😀"),
              (#"'\101\0'"#, "A\u{0}"), (#"'\%\_'"#, #"\%\_"#), (#"'\q\u12'"#, "qu12"), (#"r'\n\d'"#, #"\n\d"#),
              (#"R"C:\temp""#, #"C:\temp"#), ("'line\nbreak'", "line\nbreak"), ("'é ü'", "é ü"),
          ])
    func stringEscapes(sql: String, value: String) throws {
        let tokens = try SQLParser.tokenize(sql)
        #expect(tokens.count == 2)
        #expect(tokens.first?.kind == .string)
        #expect(tokens.first?.value == value)
    }

    @Test("back-quoted names keep spaces, keywords and doubled back-quotes")
    func quotedIdentifiers() throws {
        let tokens = try SQLParser.tokenize("`odd name` `select` `a``b`")
        #expect(tokens.dropLast().map(\.kind) == [.quotedIdentifier, .quotedIdentifier, .quotedIdentifier])
        #expect(tokens.dropLast().map(\.value) == ["odd name", "select", "a`b"])
        #expect(tokens.dropLast().allSatisfy { $0.keyword == nil })
    }

    @Test("operators, longest match first")
    func operators() throws {
        #expect(try kinds("<=> <> != == = <= >= < > || | :: : ! ~ & ^ % !> !<") == [
            .nullSafeEqual, .notEqual, .notEqual, .equal, .equal, .lessOrEqual, .greaterOrEqual, .less, .greater,
            .doublePipe, .pipe, .doubleColon, .colon, .bang, .tilde, .ampersand, .caret, .percent, .lessOrEqual,
            .greaterOrEqual, .end,
        ])
    }

    @Test("comments: line comments, nested block comments and hints are skipped")
    func comments() throws {
        let tokens = try SQLParser.tokenize("SELECT /*+ BROADCAST(t) */ 1 /* outer /* inner */ still */ -- tail\n, 2 --")
        #expect(tokens.map(\.text) == ["SELECT", "1", ",", "2", ""])
    }

    @Test("lines and columns: columns count characters, not bytes; the end sits after the last token")
    func positions() throws {
        let tokens = try SQLParser.tokenize("SELECT 'é',\n\t  x  -- note\n")
        let x = try #require(tokens.first { $0.text == "x" })
        #expect(x.location == SourceLocation(line: 2, column: 4, offset: 16))
        let comma = try #require(tokens.first { $0.text == "," })
        #expect(comma.location.column == 11)
        #expect(comma.location.offset == 11)
        #expect(tokens.last?.location == SourceLocation(line: 2, column: 5, offset: 17))
    }

    @Test("Unicode letters make names; Unicode spaces separate tokens")
    func unicode() throws {
        let tokens = try SQLParser.tokenize("SELECT\u{00A0}café\u{3000}FROM naïve")
        #expect(tokens.map(\.text) == ["SELECT", "café", "FROM", "naïve", ""])
    }

    @Test("lexical errors point at where the bad token starts",
          arguments: [
              ("SELECT 'abc", "unterminated string: ' has no closing quote", 1, 8),
              ("SELECT 1,\n  \"ab\\\"", "unterminated string: \" has no closing quote", 2, 3),
              ("SELECT `name", "unterminated back-quoted identifier: '`' has no closing '`'", 1, 8),
              ("SELECT 1 /* never /* closed */", "unterminated comment: '/*' has no matching '*/'", 1, 10),
              ("SELECT a # b", "unexpected character '#'", 1, 10),
              ("SELECT €", "unexpected character '€'", 1, 8),
              ("SELECT \u{7}", "unexpected character U+0007", 1, 8),
              ("SELECT ``", "empty back-quoted identifier", 1, 8),
              (#"SELECT '\uD800x'"#, "invalid unicode escape: a high surrogate must be followed by a low one", 1, 9),
          ])
    func lexicalErrors(sql: String, message: String, line: Int, column: Int) {
        let error = syntaxError(sql)
        #expect(error?.message == message)
        #expect(error?.location.line == line)
        #expect(error?.location.column == column)
    }
}
