import Testing
@testable import LineEditing

@Suite("LineRendering: prompt and line on one row")
struct LineRenderingTests {
    @Test("a short line: prompt, text, clear to the end of the row, cursor after the prompt and the text before it")
    func short() {
        let out = LineRendering.render(prompt: "sql> ", buffer: EditBuffer("SELECT 1", cursor: 3), columns: 80)
        #expect(out == "\rsql> SELECT 1\u{1B}[0K\r\u{1B}[8C")
        let empty = LineRendering.render(prompt: "", buffer: EditBuffer(), columns: 80)
        #expect(empty == "\r\u{1B}[0K\r")
    }

    @Test("wide characters take two columns")
    func wide() {
        let out = LineRendering.render(prompt: "> ", buffer: EditBuffer("語é"), columns: 80)
        #expect(out.hasSuffix("\r\u{1B}[5C"))
    }

    @Test("a line wider than the row scrolls so the cursor stays in view, never reaching the last column")
    func scrolls() {
        let text = String(repeating: "abcdefghij", count: 5)
        let atEnd = LineRendering.render(prompt: "> ", buffer: EditBuffer(text), columns: 20)
        // 20 columns: 2 for the prompt, 17 for text, the last one free; the cursor cell is the 17th.
        #expect(atEnd == "\r> " + String(text.suffix(16)) + "\u{1B}[0K\r\u{1B}[18C")
        let atStart = LineRendering.render(prompt: "> ", buffer: EditBuffer(text, cursor: 0), columns: 20)
        #expect(atStart == "\r> " + String(text.prefix(17)) + "\u{1B}[0K\r\u{1B}[2C")
    }

    @Test("a prompt wider than the terminal still renders", arguments: [1, 2, 5])
    func tiny(columns: Int) {
        let out = LineRendering.render(prompt: "medallion> ", buffer: EditBuffer("SELECT 1"), columns: columns)
        #expect(out.hasPrefix("\rmedallion> "))
    }

    @Test("a submitted line is written whole, however wide, then a new line")
    func submitted() {
        let text = String(repeating: "x", count: 300)
        #expect(LineRendering.submitted(prompt: "> ", text: text) == "\r> " + text + "\u{1B}[0K\r\n")
    }
}
