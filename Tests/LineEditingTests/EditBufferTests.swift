import Testing
@testable import LineEditing

@Suite("EditBuffer: the line and its cursor")
struct EditBufferTests {
    @Test("insert, move and delete by character")
    func characters() {
        var buffer = EditBuffer()
        buffer.insert("SELEC 1")
        #expect(buffer.cursor == 7)
        for _ in 0 ..< 2 { buffer.moveLeft() }
        buffer.insert("T")
        #expect(buffer.text == "SELECT 1" && buffer.cursor == 6)
        buffer.moveToStart()
        #expect(!buffer.moveLeft() && !buffer.deleteBackward())
        let deleted = buffer.deleteForward()
        #expect(deleted)
        #expect(buffer.text == "ELECT 1")
        buffer.moveToEnd()
        #expect(!buffer.moveRight() && !buffer.deleteForward())
        #expect(buffer.deleteBackward() && buffer.text == "ELECT ")
    }

    @Test("the cursor moves over whole characters: accents, combining marks, emoji, CJK")
    func graphemes() {
        var buffer = EditBuffer("né😀語")
        #expect(buffer.characters.count == 4)
        buffer.moveLeft()
        buffer.moveLeft()
        buffer.deleteBackward()
        #expect(buffer.text == "n😀語")
        var combining = EditBuffer("e")
        combining.insert("\u{301}")  // a combining acute typed after the e joins it
        #expect(combining.characters == ["é"] && combining.cursor == 1)
        combining.deleteBackward()
        #expect(combining.isEmpty)
    }

    @Test("word moves stop at letters, digits and _; Ctrl-W cuts to the previous space")
    func words() {
        var buffer = EditBuffer("SELECT gold.fact_orders  ")
        buffer.moveWordLeft()
        #expect(buffer.cursor == 12)
        buffer.moveWordLeft()
        #expect(buffer.cursor == 7)
        buffer.moveWordRight()
        #expect(buffer.cursor == 11)
        buffer.moveToEnd()
        #expect(buffer.killToSpaceBackward() == "gold.fact_orders  ")
        #expect(buffer.text == "SELECT ")
        var alt = EditBuffer("FROM gold.fact_orders")
        #expect(alt.killWordBackward() == "fact_orders")
        #expect(alt.text == "FROM gold.")
    }

    @Test("Ctrl-U and Ctrl-K cut before and after the cursor")
    func kills() {
        var buffer = EditBuffer("SELECT 1 FROM t", cursor: 8)
        #expect(buffer.killToEnd() == " FROM t")
        #expect(buffer.killToStart() == "SELECT 1")
        #expect(buffer.isEmpty && buffer.cursor == 0)
        #expect(buffer.killToStart() == "")
    }

    @Test("Ctrl-T swaps the two characters around the cursor, the last two at the end")
    func transpose() {
        var buffer = EditBuffer("SLEECT", cursor: 2)
        buffer.transpose()
        #expect(buffer.text == "SELECT" && buffer.cursor == 3)
        var end = EditBuffer("ab")
        end.transpose()
        #expect(end.text == "ba")
        var start = EditBuffer("ab", cursor: 0)
        let swapped = start.transpose()
        #expect(!swapped)
    }
}
