import Testing
@testable import LineEditing

@Suite("LineRendering: prompt and line, wrapped as the terminal wraps them")
struct LineRenderingTests {
    private let start = RenderedRows()

    @Test("a short line: back to the row's start, clear below, prompt and text, cursor after the text before it")
    func short() {
        let (out, rows) = LineRendering.render(prompt: "sql> ", buffer: EditBuffer("SELECT 1", cursor: 3), columns: 80, previous: start)
        #expect(out == "\r\u{1B}[0Jsql> SELECT 1\r\u{1B}[8C")
        #expect(rows == RenderedRows(rows: 1, cursorRow: 0))
        #expect(LineRendering.render(prompt: "", buffer: EditBuffer(), columns: 80, previous: start).text == "\r\u{1B}[0J\r")
    }

    @Test("wide characters take two columns")
    func wide() {
        let (out, _) = LineRendering.render(prompt: "> ", buffer: EditBuffer("語é"), columns: 80, previous: start)
        #expect(out.hasSuffix("\r\u{1B}[5C"))
    }

    @Test("a line wider than the terminal wraps; the cursor is put on its row, and the next drawing starts from the prompt's row")
    func wraps() {
        let text = "abcdefghijklmno"  // 2 + 15 cells on rows of 10: 10, then 7
        let (atEnd, endRows) = LineRendering.render(prompt: "> ", buffer: EditBuffer(text), columns: 10, previous: start)
        #expect(atEnd == "\r\u{1B}[0J> " + text + "\r\u{1B}[7C")
        #expect(endRows == RenderedRows(rows: 2, cursorRow: 1))
        let (atStart, startRows) = LineRendering.render(prompt: "> ", buffer: EditBuffer(text, cursor: 0), columns: 10, previous: endRows)
        #expect(atStart == "\u{1B}[1A\r\u{1B}[0J> " + text + "\u{1B}[1A\r\u{1B}[2C")
        #expect(startRows == RenderedRows(rows: 2, cursorRow: 0))
        let (onSecond, _) = LineRendering.render(prompt: "> ", buffer: EditBuffer(text, cursor: 9), columns: 10, previous: startRows)
        #expect(onSecond.hasSuffix("> " + text + "\r\u{1B}[1C"))  // 'j' is the second cell of row 2
    }

    @Test("a line that fills its last row exactly: a line break, so the cursor is certainly on the next row")
    func exactFit() {
        let (out, rows) = LineRendering.render(prompt: "> ", buffer: EditBuffer("abcdefgh"), columns: 10, previous: start)
        #expect(out == "\r\u{1B}[0J> abcdefgh\r\n\r")
        #expect(rows == RenderedRows(rows: 2, cursorRow: 1, endsOnFreshRow: true))
        let (middle, _) = LineRendering.render(prompt: "> ", buffer: EditBuffer("abcdefgh", cursor: 4), columns: 10, previous: rows)
        #expect(middle == "\u{1B}[1A\r\u{1B}[0J> abcdefgh\r\n\u{1B}[1A\r\u{1B}[6C")
    }

    @Test("a wide character that does not fit at the end of a row starts the next, as the terminal puts it")
    func wideAtTheEdge() {
        let (out, rows) = LineRendering.render(prompt: "> ", buffer: EditBuffer("ab語"), columns: 5, previous: start)
        #expect(out.hasSuffix("\r\u{1B}[2C"))
        #expect(rows == RenderedRows(rows: 2, cursorRow: 1))
    }

    @Test("a prompt wider than the terminal still renders", arguments: [1, 2, 5])
    func tiny(columns: Int) {
        let (out, rows) = LineRendering.render(prompt: "medallion> ", buffer: EditBuffer("SELECT 1"), columns: columns, previous: start)
        #expect(out.hasPrefix("\r\u{1B}[0Jmedallion> "))
        #expect(rows.rows >= 19 / columns)
    }
}
