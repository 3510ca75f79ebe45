/// One key press, as the terminal reports it (`KeyDecoder` turns bytes into these).
/// What a key does is `LineEditor`'s business, not the decoder's.
public enum Key: Equatable, Sendable {
    /// A printable character (a whole grapheme cluster is built up by the buffer).
    case character(Character)
    /// Ctrl plus a letter, lower-case: `.control("a")` is Ctrl-A. Enter, Tab, Backspace
    /// and Escape have their own cases even though they share bytes with Ctrl-M, Ctrl-I,
    /// Ctrl-H/DEL and Ctrl-[.
    case control(Character)
    /// Alt (Meta) plus a character: ESC followed by it.
    case alt(Character)
    case enter, tab, backspace, delete, escape
    case left, right, up, down, home, end
    case wordLeft, wordRight
    /// Alt-Backspace.
    case deleteWordBackward
}
