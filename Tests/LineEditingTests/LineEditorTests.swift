import Testing
@testable import LineEditing

@Suite("LineEditor: keys to edits, history and outcomes")
struct LineEditorTests {
    private func type(_ text: String, into editor: inout LineEditor) {
        for character in text { _ = editor.handle(.character(character)) }
    }

    @Test("typing, editing with arrows and Home/End, then Enter submits the line")
    func editing() {
        var editor = LineEditor()
        type("SELEC 1", into: &editor)
        _ = editor.handle(.left)
        _ = editor.handle(.left)
        type("T", into: &editor)
        _ = editor.handle(.home)
        type("  ", into: &editor)
        _ = editor.handle(.control("a"))
        _ = editor.handle(.delete)
        _ = editor.handle(.control("e"))
        type(";", into: &editor)
        #expect(editor.handle(.enter) == .submit(" SELECT 1;"))
    }

    @Test("Up and Down walk the history; edits to a recalled line last until Enter, the history keeps the original")
    func history() {
        var editor = LineEditor(history: History(["SELECT 1;", "SELECT 2;"]))
        type("draft", into: &editor)
        #expect(editor.handle(.up) == .redraw)
        #expect(editor.buffer.text == "SELECT 2;")
        #expect(editor.handle(.up) == .redraw)
        #expect(editor.buffer.text == "SELECT 1;")
        #expect(editor.handle(.up) == .unchanged)
        _ = editor.handle(.backspace)
        type("0;", into: &editor)
        _ = editor.handle(.down)
        _ = editor.handle(.control("p"))
        #expect(editor.buffer.text == "SELECT 10;")
        _ = editor.handle(.down)
        _ = editor.handle(.control("n"))
        #expect(editor.buffer.text == "draft")
        #expect(editor.handle(.down) == .unchanged)
    }

    @Test("Ctrl-D ends input only on an empty line; elsewhere it deletes")
    func controlD() {
        var editor = LineEditor()
        #expect(editor.handle(.control("d")) == .endOfInput)
        type("ab", into: &editor)
        _ = editor.handle(.home)
        #expect(editor.handle(.control("d")) == .redraw)
        #expect(editor.buffer.text == "b")
    }

    @Test("Ctrl-C interrupts, Ctrl-L clears the screen, Ctrl-Z suspends, unbound keys change nothing")
    func outcomes() {
        var editor = LineEditor()
        type("x", into: &editor)
        #expect(editor.handle(.control("c")) == .interrupt)
        #expect(editor.handle(.control("l")) == .clearScreen)
        #expect(editor.handle(.control("z")) == .suspend)
        #expect(editor.handle(.escape) == .unchanged)
        #expect(editor.handle(.control("g")) == .unchanged)
        #expect(editor.handle(.right) == .unchanged)
        #expect(editor.buffer.text == "x")
    }

    @Test("Ctrl-U, Ctrl-K, Ctrl-W cut; Ctrl-Y pastes the last cut back")
    func cutAndPaste() {
        var editor = LineEditor()
        type("SELECT name FROM t", into: &editor)
        _ = editor.handle(.control("w"))
        #expect(editor.buffer.text == "SELECT name FROM ")
        type("gold.x", into: &editor)
        _ = editor.handle(.home)
        _ = editor.handle(.wordRight)
        _ = editor.handle(.control("k"))
        #expect(editor.buffer.text == "SELECT")
        _ = editor.handle(.control("u"))
        #expect(editor.buffer.isEmpty)
        #expect(editor.handle(.control("y")) == .redraw)
        #expect(editor.buffer.text == "SELECT")
        #expect(editor.handle(.control("k")) == .unchanged)  // nothing to cut
    }

    @Test("Tab indents (there is no completion)")
    func tab() {
        var editor = LineEditor()
        _ = editor.handle(.tab)
        #expect(editor.buffer.text == "  ")
    }
}
