import Columns
import Testing
@testable import LineEditing

@Suite("KeyDecoder: terminal bytes to keys")
struct KeyDecoderTests {
    private func keys(_ bytes: [UInt8]) -> [Key] {
        var decoder = KeyDecoder()
        return decoder.feed(bytes) + decoder.flush()
    }

    private func keys(_ text: String) -> [Key] { keys(Array(text.utf8)) }

    @Test("arrows, Home/End and Delete in the xterm, VT100 application, rxvt and console forms")
    func navigation() {
        #expect(keys("\u{1B}[A\u{1B}[B\u{1B}[C\u{1B}[D") == [.up, .down, .right, .left])
        #expect(keys("\u{1B}OA\u{1B}OB\u{1B}OC\u{1B}OD") == [.up, .down, .right, .left])
        #expect(keys("\u{1B}[H\u{1B}[F\u{1B}OH\u{1B}OF") == [.home, .end, .home, .end])
        #expect(keys("\u{1B}[1~\u{1B}[4~\u{1B}[7~\u{1B}[8~") == [.home, .end, .home, .end])
        #expect(keys("\u{1B}[3~") == [.delete])
        #expect(keys("\u{1B}[1;5C\u{1B}[1;5D\u{1B}[1;3D") == [.wordRight, .wordLeft, .wordLeft])
    }

    @Test("control bytes: Enter (CR or LF), Tab, Backspace (DEL or ^H), Ctrl-letters")
    func controls() {
        #expect(keys([0x0D, 0x0A, 0x09, 0x7F, 0x08]) == [.enter, .enter, .tab, .backspace, .backspace])
        #expect(keys([0x01, 0x03, 0x04, 0x05, 0x0B, 0x0C, 0x15, 0x17]) ==
            [.control("a"), .control("c"), .control("d"), .control("e"), .control("k"), .control("l"), .control("u"), .control("w")])
        #expect(keys([0x00, 0x1C, 0x1D]) == [])
    }

    @Test("Alt-keys, Alt-Backspace, and a lone Escape once the terminal stays silent")
    func escape() {
        #expect(keys("\u{1B}b\u{1B}f") == [.alt("b"), .alt("f")])
        #expect(keys([0x1B, 0x7F]) == [.deleteWordBackward])
        var decoder = KeyDecoder()
        #expect(decoder.feed([0x1B]) == [])
        #expect(decoder.isPending)
        #expect(decoder.flush() == [.escape])
        #expect(!decoder.isPending)
    }

    @Test("a sequence split across reads waits for its end")
    func split() {
        var decoder = KeyDecoder()
        #expect(decoder.feed([0x1B, UInt8(ascii: "[")]) == [])
        #expect(decoder.feed([UInt8(ascii: "1"), UInt8(ascii: ";")]) == [])
        #expect(decoder.feed([UInt8(ascii: "5"), UInt8(ascii: "C"), UInt8(ascii: "x")]) == [.wordRight, .character("x")])
    }

    @Test("unknown sequences (F5, Page Up, paste brackets) are dropped, the text around them kept")
    func unknown() {
        #expect(keys("a\u{1B}[15~b\u{1B}[5~c\u{1B}[200~d\u{1B}[201~") == [.character("a"), .character("b"), .character("c"), .character("d")])
        #expect(keys("\u{1B}[1;2Px") == [.character("x")])
    }

    @Test("UTF-8 characters, also split between reads; malformed bytes and C1 controls become U+FFFD")
    func utf8() {
        #expect(keys("é€😀") == [.character("é"), .character("€"), .character("😀")])
        var decoder = KeyDecoder()
        let bytes = Array("😀".utf8)
        #expect(decoder.feed(bytes.prefix(2)) == [])
        #expect(decoder.feed(bytes.dropFirst(2)) == [.character("😀")])
        #expect(keys([0xFF, 0x80, UInt8(ascii: "a")]) == [.character("\u{FFFD}"), .character("\u{FFFD}"), .character("a")])
        #expect(keys([0xE2, 0x82, UInt8(ascii: "a")]) == [.character("\u{FFFD}"), .character("a")])
        #expect(keys([0xC0, 0xAF]) == [.character("\u{FFFD}"), .character("\u{FFFD}")])  // an overlong '/'
        #expect(keys([0xC2, 0x9B]) == [.character("\u{FFFD}")])  // CSI as a C1 control
        #expect(keys([0xE2, 0x82]) == [.character("\u{FFFD}")])  // cut off at the end
    }

    @Test("every byte sequence decodes without trapping", arguments: 0 ..< 200)
    func noTraps(seed: Int) {
        var generator = SplitMix64(seed: UInt64(seed))
        let bytes = (0 ..< 64).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        var decoder = KeyDecoder()
        _ = decoder.feed(bytes)
        _ = decoder.flush()
        #expect(!decoder.isPending)
    }
}
